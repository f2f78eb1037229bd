#pragma once

#include <QJsonObject>

#include <vector>

namespace kubestrap::sandbox {

class ApiHandler;

// Creates what every new cluster has: the namespaces default, kube-system, kube-public and
// kube-node-lease, and the default RBAC below.
void seedNewCluster(ApiHandler &api);

// The ClusterRoles and ClusterRoleBindings a new cluster starts with, as kube-apiserver's RBAC
// bootstrap policy creates them, cut down to the kinds the sandbox serves: cluster-admin, admin,
// edit and view (aggregated), discovery and self-review for everyone signed in, and the roles node
// bootstrapping relies on.
std::vector<QJsonObject> defaultClusterRoles();
std::vector<QJsonObject> defaultClusterRoleBindings();

} // namespace kubestrap::sandbox
