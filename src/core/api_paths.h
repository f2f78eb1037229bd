#pragma once

#include "bootstrap_token.h"
#include "cluster_info.h"

#include <QString>
#include <QUrl>

// Where each kind Kubestrap reads or writes lives in the API: the one table of API paths, so a
// path is spelled once. A collection's path takes a namespace where the kind is namespaced; an
// object's path is its collection's, a slash and its name.

namespace kubestrap::paths {

inline QString secrets(const QString &ns)
{
    return QStringLiteral("/api/v1/namespaces/%1/secrets").arg(ns);
}

// Every namespace's when `ns` is empty.
inline QString configMaps(const QString &ns = {})
{
    return ns.isEmpty() ? QStringLiteral("/api/v1/configmaps")
                        : QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(ns);
}

inline QString serviceAccounts(const QString &ns)
{
    return QStringLiteral("/api/v1/namespaces/%1/serviceaccounts").arg(ns);
}

// TokenRequest: a token for the service account, as `kubectl create token` asks for it.
inline QString serviceAccountToken(const QString &ns, const QString &name)
{
    return serviceAccounts(ns) + QLatin1Char('/') + name + QStringLiteral("/token");
}

inline QString nodes()
{
    return QStringLiteral("/api/v1/nodes");
}

inline QString certificateSigningRequests()
{
    return QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests");
}

// Roles, ClusterRoles, RoleBindings and ClusterRoleBindings by their plural ("rolebindings"), in
// `ns` for the namespaced two (every namespace's when `ns` is empty).
inline QString rbac(const QString &plural, const QString &ns = {})
{
    return QStringLiteral("/apis/rbac.authorization.k8s.io/v1/")
           + (ns.isEmpty() ? QString() : QStringLiteral("namespaces/%1/").arg(ns)) + plural;
}

inline QString selfSubjectAccessReviews()
{
    return QStringLiteral("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
}

// In `groupVersion` ("authorization.k8s.io/v1"): older servers serve only a beta or alpha.
inline QString selfSubjectRulesReviews(const QString &groupVersion)
{
    return QStringLiteral("/apis/%1/selfsubjectrulesreviews").arg(groupVersion);
}

inline QString selfSubjectReviews(const QString &groupVersion)
{
    return QStringLiteral("/apis/%1/selfsubjectreviews").arg(groupVersion);
}

// The bootstrap objects.

inline QString tokenSecrets()
{
    return secrets(QLatin1String(BootstrapToken::kNamespace));
}

inline QString tokenSecret(const QString &id)
{
    return tokenSecrets() + QStringLiteral("/bootstrap-token-") + id;
}

// Only the bootstrap-token Secrets, as kubeadm lists them.
inline QString tokenSecretList()
{
    return tokenSecrets() + QStringLiteral("?fieldSelector=")
           + QString::fromLatin1(QUrl::toPercentEncoding(
               QStringLiteral("type=") + QLatin1String(BootstrapToken::kSecretType)));
}

inline QString clusterInfo()
{
    return configMaps(QLatin1String(kClusterInfoNamespace)) + QLatin1Char('/')
           + QLatin1String(kClusterInfoName);
}

// Only cluster-info of kube-public's ConfigMaps, so that watching it costs one object.
inline QString clusterInfoList()
{
    return configMaps(QLatin1String(kClusterInfoNamespace)) + QStringLiteral("?fieldSelector=")
           + QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("metadata.name=")
                                                         + QLatin1String(kClusterInfoName)));
}

} // namespace kubestrap::paths
