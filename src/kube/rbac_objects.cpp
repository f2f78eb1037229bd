#include "rbac_objects.h"

#include "list_all.h"

#include <memory>

namespace kubestrap {

QStringList rbacCollections()
{
    const QString rbac = QStringLiteral("/apis/rbac.authorization.k8s.io/v1/");
    return {rbac + QStringLiteral("roles"), rbac + QStringLiteral("clusterroles"),
            rbac + QStringLiteral("rolebindings"), rbac + QStringLiteral("clusterrolebindings")};
}

void readRbacObjects(ApiClient &client, std::function<void(const Result<RbacObjects> &)> done)
{
    auto objects = std::make_shared<RbacObjects>();
    const QStringList paths = rbacCollections();
    listAll(client,
            {{paths[0], &objects->roles},
             {paths[1], &objects->clusterRoles},
             {paths[2], &objects->roleBindings},
             {paths[3], &objects->clusterRoleBindings}},
            [objects, done](const std::optional<Error> &failure) {
                if (failure)
                    return done(unexpected(*failure));
                done(*objects);
            });
}

} // namespace kubestrap
