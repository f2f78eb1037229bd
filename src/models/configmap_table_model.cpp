#include "configmap_table_model.h"

#include "object_cells.h"

namespace kubestrap {

namespace {

// Keys of data and binaryData together, sorted as kubectl describe lists them.
QStringList keysOf(const QJsonObject &configMap)
{
    QStringList keys = configMap.value(QStringLiteral("data")).toObject().keys()
                       + configMap.value(QStringLiteral("binaryData")).toObject().keys();
    keys.sort();
    return keys;
}

} // namespace

ConfigMapTableModel::ConfigMapTableModel(ResourceStore *store, QObject *parent)
    : ResourceTableModel(store, parent)
{
    populate();
}

int ConfigMapTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConfigMapTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const titles[] = {QT_TR_NOOP("Namespace"), QT_TR_NOOP("Name"),
                                         QT_TR_NOOP("Data"), QT_TR_NOOP("Keys"), QT_TR_NOOP("Age")};
    return section >= 0 && section < ColumnCount ? tr(titles[section]) : QVariant();
}

QVariant ConfigMapTableModel::cell(const QJsonObject &object, int column, int role) const
{
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (column) {
    case Namespace:
        return cells::namespaceOf(object);
    case Name:
        return cells::name(object);
    case Data:
        return int(keysOf(object).size());
    case Keys:
        return keysOf(object).join(QStringLiteral(", "));
    case Age:
        return cells::age(object, QDateTime::currentDateTimeUtc(), role == SortRole);
    }
    return {};
}

} // namespace kubestrap
