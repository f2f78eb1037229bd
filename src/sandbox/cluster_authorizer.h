#pragma once

#include "object_store.h"
#include "rbac.h"

#include <QJsonArray>

#include <QStringList>

#include <memory>
#include <mutex>

namespace kubestrap::sandbox {

// Authorization as kube-apiserver's chain does it: members of system:masters may do anything,
// everyone else what RBAC over the stored roles and bindings allows. The RBAC view is rebuilt
// only when the store has changed since the last decision.
class ClusterAuthorizer {
public:
    explicit ClusterAuthorizer(const ObjectStore &store) : store(store) {}

    rbac::Decision decide(const rbac::UserInfo &user, const rbac::Request &request) const;
    std::vector<QJsonObject> rulesFor(const rbac::UserInfo &user,
                                      const QString &namespaceName) const;

private:
    std::shared_ptr<const rbac::Authorizer> current() const;

    const ObjectStore &store;
    mutable std::mutex mutex;
    mutable std::shared_ptr<const rbac::Authorizer> cached;
    mutable qint64 cachedVersion = -1;
};

} // namespace kubestrap::sandbox
