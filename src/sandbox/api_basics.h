#pragma once

#include "api_handler.h"
#include "api_resources.h"
#include "openapi.h"
#include "rbac.h"

#include <QDateTime>
#include <QJsonObject>

// Small helpers every part of ApiHandler uses.

namespace kubestrap::sandbox {

inline ApiResponse answer(const ApiError &error)
{
    return {error.code, error.status, std::nullopt};
}

inline QString idOf(const ApiResource &resource)
{
    return resource.groupVersion() + QLatin1Char('/') + resource.plural;
}

inline QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject();
}

// An object as metadata only, as kube-apiserver answers `as=PartialObjectMetadata`.
inline QJsonObject partialObjectMetadata(const QJsonObject &object)
{
    return {{QStringLiteral("kind"), QStringLiteral("PartialObjectMetadata")},
            {QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1")},
            {QStringLiteral("metadata"), metadataOf(object)}};
}

// A kind as kube-apiserver's Go type names it in messages: core.ConfigMap, rbac.RoleBinding.
inline QString internalType(const ApiResource &resource, const QString &kind)
{
    const QString package = resource.group.isEmpty()
                                ? QStringLiteral("core")
                                : resource.group.section(QLatin1Char('.'), 0, 0);
    return package + QLatin1Char('.') + kind;
}

inline QString nowRfc3339()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

inline bool isDryRun(const ApiRequest &request)
{
    return request.query.queryItemValue(QStringLiteral("dryRun")) == QLatin1String("All");
}

inline Schema schemaOf(const ApiResource &resource)
{
    return OpenApi::recorded().schemaOf(resource.groupVersion(), resource.kind);
}

inline rbac::UserInfo userOf(const Identity &identity)
{
    return {identity.user, identity.groups};
}

} // namespace kubestrap::sandbox
