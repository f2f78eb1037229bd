#pragma once

#include "bootstrap_token.h"
#include "cluster_info.h"

#include <QString>
#include <QUrl>

namespace kubestrap::paths {

// Where the bootstrap objects live in the API.

inline QString tokenSecrets()
{
    return QStringLiteral("/api/v1/namespaces/kube-system/secrets");
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
    return QStringLiteral("/api/v1/namespaces/%1/configmaps/%2")
        .arg(QLatin1String(kClusterInfoNamespace), QLatin1String(kClusterInfoName));
}

} // namespace kubestrap::paths
