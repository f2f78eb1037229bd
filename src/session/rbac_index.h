#pragma once

#include "rbac.h"

#include <QObject>

#include <array>

namespace kubestrap {

class ResourceStore;
struct StoreChanges;

// The cluster's Roles, ClusterRoles and their bindings as one rbac::Authorizer, kept current from
// the session's four RBAC stores as their pages and watch events arrive: who can, what can and
// the CSR approver's verdict read it without decoding the stores again for every question.
class RbacIndex : public QObject {
    Q_OBJECT

public:
    // The stores of roles, clusterroles, rolebindings and clusterrolebindings, in that order.
    explicit RbacIndex(const std::array<ResourceStore *, 4> &stores, QObject *parent = nullptr);

    // Null until every store has had its first list: an answer from part of the RBAC would be
    // wrong, not merely late.
    const rbac::Authorizer *authorizer() const { return ready() ? &index : nullptr; }
    bool ready() const;
    // Null until the ClusterRoles and ClusterRoleBindings have had their first list: enough for
    // questions about cluster-scoped objects (the CSR approver's), which no RoleBinding answers,
    // and sooner on a cluster of many RoleBindings.
    const rbac::Authorizer *clusterWide() const;

Q_SIGNALS:
    // The RBAC changed, or part of the index became ready: answers shown may be out of date.
    void changed();

private:
    void take(rbac::Authorizer::Kind kind, const StoreChanges &changes);

    std::array<ResourceStore *, 4> stores;
    rbac::Authorizer index;
};

} // namespace kubestrap
