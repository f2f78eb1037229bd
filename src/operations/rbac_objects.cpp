#include "rbac_objects.h"

#include <memory>

namespace kubestrap {

CollectionReads rbacReads(std::vector<QJsonObject> *roles, std::vector<QJsonObject> *clusterRoles,
                          std::vector<QJsonObject> *roleBindings,
                          std::vector<QJsonObject> *clusterRoleBindings)
{
    const QString rbac = QStringLiteral("/apis/rbac.authorization.k8s.io/v1/");
    return {{rbac + QStringLiteral("roles"), roles},
            {rbac + QStringLiteral("clusterroles"), clusterRoles},
            {rbac + QStringLiteral("rolebindings"), roleBindings},
            {rbac + QStringLiteral("clusterrolebindings"), clusterRoleBindings}};
}

void readRbacObjects(ApiClient &client, std::function<void(const Result<RbacObjects> &)> done)
{
    auto objects = std::make_shared<RbacObjects>();
    listAll(client, objects->reads(), [objects, done](const std::optional<Error> &failure) {
        if (failure)
            return done(unexpected(*failure));
        done(*objects);
    });
}

} // namespace kubestrap
