#include "context_table_model.h"

#include "palette_colors.h"

#include <QGuiApplication>

#include "kubeconfig_store.h"

#include <QBrush>
#include <QFileInfo>
#include <QFont>
#include <QPalette>

namespace kubestrap {

ContextTableModel::ContextTableModel(KubeconfigStore *store, QObject *parent)
    : QAbstractTableModel(parent), store(store)
{
    connect(store, &KubeconfigStore::loaded, this, &ContextTableModel::refresh);
    connect(store, &KubeconfigStore::activeContextChanged, this, &ContextTableModel::refresh);
    if (store->isLoaded())
        refresh();
}

void ContextTableModel::refresh()
{
    setContexts(summarizeContexts(store->kubeconfig().merged, store->activeContext()));
}

int ContextTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(rows.size());
}

int ContextTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const ContextSummary *ContextTableModel::contextAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= int(rows.size()))
        return nullptr;
    return &rows[size_t(index.row())];
}

int ContextTableModel::rowOf(const QString &contextName) const
{
    const auto it = std::lower_bound(
        rows.begin(), rows.end(), contextName,
        [](const ContextSummary &row, const QString &name) { return row.name < name; });
    return it != rows.end() && it->name == contextName ? int(it - rows.begin()) : -1;
}

QVariant ContextTableModel::display(const ContextSummary &c, int column) const
{
    switch (column) {
    case Name:
        return c.name;
    case Cluster:
        return c.missingCluster ? tr("%1 (missing)").arg(c.cluster) : c.cluster;
    case Server:
        return c.server;
    case User:
        return c.missingUser ? tr("%1 (missing)").arg(c.user) : c.user;
    case Credential:
        return c.credential;
    case Namespace:
        return c.namespaceName.isEmpty() ? tr("default") : c.namespaceName;
    case Source:
        return QFileInfo(c.origin).fileName();
    }
    return {};
}

QVariant ContextTableModel::data(const QModelIndex &index, int role) const
{
    const ContextSummary *c = contextAt(index);
    if (!c)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*c, index.column());
    case SortRole:
        return index.column() == Namespace ? c->namespaceName : display(*c, index.column());
    case ContextNameRole:
        return c->name;
    case DanglingRole:
        return c->dangling();
    case ActiveRole:
        return c->current;
    case Qt::ToolTipRole:
        if (index.column() == Source)
            return c->origin;
        if (c->missingCluster && index.column() == Cluster)
            return tr("No kubeconfig file defines cluster '%1'; this context cannot be used.")
                .arg(c->cluster);
        if (c->missingUser && index.column() == User)
            return tr("No kubeconfig file defines user '%1'; this context cannot be used.")
                .arg(c->user);
        if (c->insecure && index.column() == Server)
            return tr("TLS verification is off for this cluster (insecure-skip-tls-verify).");
        return {};
    case Qt::FontRole:
        if (c->current) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if ((c->missingCluster && index.column() == Cluster)
            || (c->missingUser && index.column() == User)
            || (c->insecure && index.column() == Server))
            return QBrush(warningTextColor(QGuiApplication::palette()));
        return {};
    }
    return {};
}

QVariant ContextTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Context");
    case Cluster:
        return tr("Cluster");
    case Server:
        return tr("Server");
    case User:
        return tr("User");
    case Credential:
        return tr("Credential");
    case Namespace:
        return tr("Namespace");
    case Source:
        return tr("File");
    }
    return {};
}

void ContextTableModel::setContexts(std::vector<ContextSummary> contexts)
{
    // Both lists are sorted by name: walk them together, removing and inserting in runs, so that
    // a first load of 10,000 contexts is one insertion, not 10,000.
    size_t row = 0;
    size_t next = 0;
    const auto goes = [&](size_t at) {
        return at < rows.size() && (next == contexts.size() || rows[at].name < contexts[next].name);
    };
    const auto comes = [&](size_t at) {
        return at < contexts.size() && (row == rows.size() || contexts[at].name < rows[row].name);
    };
    while (row < rows.size() || next < contexts.size()) {
        if (goes(row)) {
            size_t end = row + 1;
            while (goes(end))
                ++end;
            beginRemoveRows({}, int(row), int(end - 1));
            rows.erase(rows.begin() + qsizetype(row), rows.begin() + qsizetype(end));
            endRemoveRows();
        } else if (comes(next)) {
            size_t end = next + 1;
            while (comes(end))
                ++end;
            beginInsertRows({}, int(row), int(row + end - next - 1));
            rows.insert(rows.begin() + qsizetype(row),
                        std::make_move_iterator(contexts.begin() + qsizetype(next)),
                        std::make_move_iterator(contexts.begin() + qsizetype(end)));
            endInsertRows();
            row += end - next;
            next = end;
        } else {
            if (!(rows[row] == contexts[next])) {
                rows[row] = std::move(contexts[next]);
                Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
            }
            ++row;
            ++next;
        }
    }
}

} // namespace kubestrap
