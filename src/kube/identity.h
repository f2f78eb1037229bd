#pragma once

#include "api_client.h"

#include <QMap>

#include <optional>

namespace kubestrap {

// Who a connection is on its cluster, and how that was found out.
struct Identity {
    QString username; // empty when neither the server nor the credential says
    QString uid;
    QStringList groups;
    QMap<QString, QStringList> extra;
    // The API that answered: "authentication.k8s.io/v1" (or v1beta1, v1alpha1) for a
    // SelfSubjectReview. On a server without one (before Kubernetes 1.26, or with it turned
    // off), "authorization.k8s.io/v1": a SelfSubjectRulesReview proved the credential is
    // accepted, and the name is the credential's own claim (`claimedFrom` says which).
    QString answeredBy;
    QString claimedFrom;
    // With the rules review: how many rules the user has in the default namespace.
    std::optional<int> ruleCount;
    bool rulesIncomplete = false;

    bool fromSelfSubjectReview() const { return claimedFrom.isEmpty(); }
};

// Asks the server who `client` is: SelfSubjectReview in v1, then v1beta1, then v1alpha1, as
// `kubectl auth whoami` does; then a SelfSubjectRulesReview where none is served or allowed.
void findIdentity(ApiClient &client, std::function<void(const Result<Identity> &)> done);

} // namespace kubestrap
