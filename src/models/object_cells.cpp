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
    // For sorting, minus the creation time: it orders as the age does but does not move with the
    // clock, so it can be computed once.
    if (forSorting)
        return created.isValid() ? -created.toSecsSinceEpoch() : qint64(0);
    return created.isValid() ? humanDuration(created.secsTo(now)) : QStringLiteral("<unknown>");
}

} // namespace kubestrap::cells
