#include "object_cells.h"

#include "human_duration.h"
#include "object_meta.h"

namespace kubestrap::cells {

QString name(const QJsonObject &object)
{
    return objectName(object);
}

QString namespaceOf(const QJsonObject &object)
{
    return objectNamespace(object);
}

QVariant age(const QJsonObject &object, const QDateTime &now, bool forSorting)
{
    const QDateTime created = QDateTime::fromString(object.value(QStringLiteral("metadata"))
                                                        .toObject()
                                                        .value(QStringLiteral("creationTimestamp"))
                                                        .toString(),
                                                    Qt::ISODate);
    if (!created.isValid())
        return forSorting ? QVariant(qint64(0)) : QVariant(QStringLiteral("<unknown>"));
    const qint64 seconds = created.secsTo(now);
    return forSorting ? QVariant(seconds) : QVariant(humanDuration(seconds));
}

} // namespace kubestrap::cells
