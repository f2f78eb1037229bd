#pragma once

#include "api_client.h"
#include "list_all.h"
#include "rbac.h"

namespace kubestrap {

// Reads of the four RBAC kinds' collections into the vectors given, for listAll beside others.
CollectionReads rbacReads(std::vector<QJsonObject> *roles, std::vector<QJsonObject> *clusterRoles,
                          std::vector<QJsonObject> *roleBindings,
                          std::vector<QJsonObject> *clusterRoleBindings);

// Every Role, ClusterRole, RoleBinding and ClusterRoleBinding of a cluster: what its RBAC
// authorizer decides from.
struct RbacObjects {
    std::vector<QJsonObject> roles, clusterRoles, roleBindings, clusterRoleBindings;

    rbac::Authorizer authorizer() const
    {
        return rbac::Authorizer(roles, clusterRoles, roleBindings, clusterRoleBindings);
    }
    CollectionReads reads()
    {
        return rbacReads(&roles, &clusterRoles, &roleBindings, &clusterRoleBindings);
    }
};

// Reads all four, in parallel, with `client`'s credential (it needs list on each).
void readRbacObjects(ApiClient &client, std::function<void(const Result<RbacObjects> &)> done);

} // namespace kubestrap
