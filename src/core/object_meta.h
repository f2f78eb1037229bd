#pragma once

#include <QJsonObject>
#include <QString>

namespace kubestrap {

// metadata.name and metadata.namespace of any Kubernetes object; empty when absent.
inline QString objectName(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

inline QString objectNamespace(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("namespace"))
        .toString();
}

} // namespace kubestrap
