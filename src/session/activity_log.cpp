#include "activity_log.h"

namespace kubestrap {

int ActivityLog::record(const QString &change, const QString &kubectl)
{
    const int row = int(entries.size());
    beginInsertRows({}, row, row);
    entries.push_back({QDateTime::currentDateTime(), change, kubectl, tr("running…")});
    endInsertRows();
    return row;
}

void ActivityLog::finish(int entry, bool ok, const QString &result)
{
    if (entry < 0 || entry >= int(entries.size()))
        return;
    entries[size_t(entry)].result =
        ok ? (result.isEmpty() ? tr("done") : result) : tr("failed: %1").arg(result);
    Q_EMIT dataChanged(index(entry, Result), index(entry, Result));
}

int ActivityLog::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(entries.size());
}

int ActivityLog::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActivityLog::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(entries.size())
        || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const Entry &entry = entries[size_t(index.row())];
    switch (index.column()) {
    case Time:
        return role == Qt::ToolTipRole ? entry.when.toString(Qt::ISODate)
                                       : entry.when.toString(QStringLiteral("HH:mm:ss"));
    case Change:
        return entry.change;
    case Result:
        return entry.result;
    case Kubectl:
        return entry.kubectl;
    }
    return {};
}

QVariant ActivityLog::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Change:
        return tr("Change");
    case Result:
        return tr("Result");
    case Kubectl:
        return tr("The same with kubectl");
    }
    return {};
}

} // namespace kubestrap
