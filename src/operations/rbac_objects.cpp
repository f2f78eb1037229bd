#include "rbac_objects.h"

#include "api_paths.h"

#include <memory>

namespace kubestrap {

CollectionReads rbacReads(std::vector<QJsonObject> *roles, std::vector<QJsonObject> *clusterRoles,
                          std::vector<QJsonObject> *roleBindings,
                          std::vector<QJsonObject> *clusterRoleBindings)
{
    return {{paths::rbac(QStringLiteral("roles")), roles},
            {paths::rbac(QStringLiteral("clusterroles")), clusterRoles},
            {paths::rbac(QStringLiteral("rolebindings")), roleBindings},
            {paths::rbac(QStringLiteral("clusterrolebindings")), clusterRoleBindings}};
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
