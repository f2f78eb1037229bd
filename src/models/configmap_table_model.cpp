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
    populate({tr("Namespace"), tr("Name"), tr("Data"), tr("Keys"), tr("Age")});
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
