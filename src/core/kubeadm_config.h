#pragma once

#include "api_paths.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

namespace kubestrap {

// The API server address that nodes join through, from a kubeadm-made cluster's
// kube-system/kubeadm-config ConfigMap: its ClusterConfiguration's controlPlaneEndpoint
// ("host" or "host:port"; without a port kubeadm uses the API server's default, 6443), as an
// https URL. Nothing when the ConfigMap names none or cannot be read: the admin's own URL is
// then the best there is. Behind a load balancer, Rancher or Teleport, and on kind, the two
// differ.
std::optional<QUrl> controlPlaneEndpoint(const QJsonObject &kubeadmConfig);

// The API path of that ConfigMap.
inline QString kubeadmConfigPath()
{
    return paths::configMaps(QStringLiteral("kube-system")) + QStringLiteral("/kubeadm-config");
}

} // namespace kubestrap
