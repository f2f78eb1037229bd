#include "cluster_authorizer.h"

namespace kubestrap::sandbox {

std::shared_ptr<const rbac::Authorizer> ClusterAuthorizer::current() const
{
    const std::lock_guard guard(mutex);
    const qint64 version = store.resourceVersion();
    if (!cached || version != cachedVersion) {
        const QString group = QStringLiteral("rbac.authorization.k8s.io/v1/");
        cached = std::make_shared<const rbac::Authorizer>(
            store.list(group + QStringLiteral("roles"), QString()),
            store.list(group + QStringLiteral("clusterroles"), QString()),
            store.list(group + QStringLiteral("rolebindings"), QString()),
            store.list(group + QStringLiteral("clusterrolebindings"), QString()));
        cachedVersion = version;
    }
    return cached;
}

rbac::Decision ClusterAuthorizer::decide(const rbac::UserInfo &user,
                                         const rbac::Request &request) const
{
    return current()->authorize(user, request);
}

std::vector<QJsonObject> ClusterAuthorizer::rulesFor(const rbac::UserInfo &user,
                                                     const QString &namespaceName) const
{
    return current()->rulesFor(user, namespaceName);
}

} // namespace kubestrap::sandbox
