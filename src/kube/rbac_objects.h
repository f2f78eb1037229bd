#pragma once

#include "api_client.h"
#include "rbac.h"

namespace kubestrap {

// Every Role, ClusterRole, RoleBinding and ClusterRoleBinding of a cluster: what its RBAC
// authorizer decides from.
struct RbacObjects {
    std::vector<QJsonObject> roles, clusterRoles, roleBindings, clusterRoleBindings;

    rbac::Authorizer authorizer() const
    {
        return rbac::Authorizer(roles, clusterRoles, roleBindings, clusterRoleBindings);
    }
};

// The API paths of the four RBAC kinds, in RbacObjects' order.
QStringList rbacCollections();

// Reads all four, in parallel, with `client`'s credential (it needs list on each).
void readRbacObjects(ApiClient &client, std::function<void(const Result<RbacObjects> &)> done);

} // namespace kubestrap
