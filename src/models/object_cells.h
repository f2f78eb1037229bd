#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QVariant>

namespace kubestrap::cells {

// Cells every resource table shares, worded as kubectl words them.
QString name(const QJsonObject &object);
QString namespaceOf(const QJsonObject &object);
// "5m", "3d": since creationTimestamp, as kubectl's AGE; for sorting, a number that orders as
// the age does.
QVariant age(const QJsonObject &object, const QDateTime &now, bool forSorting);

} // namespace kubestrap::cells
