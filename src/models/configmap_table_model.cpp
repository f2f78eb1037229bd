#include "configmap_table_model.h"

#include "configmap_summary.h"
#include "object_cells.h"

#include <QLocale>

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
    populate({tr("Namespace"), tr("Name"), tr("Data"), tr("Keys"), tr("Size"), tr("Immutable"),
              tr("Managed by"), tr("Age")});
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
    case Size: {
        const qint64 bytes = configmaps::sizeOf(object);
        return role == SortRole ? QVariant(bytes) : QVariant(QLocale().formattedDataSize(bytes));
    }
    case Immutable:
        return object.value(QStringLiteral("immutable")).toBool() ? tr("yes") : QString();
    case ManagedBy:
        return configmaps::managedBy(object);
    case Age:
        return cells::age(object, QDateTime::currentDateTimeUtc(), role == SortRole);
    }
    return {};
}

} // namespace kubestrap
