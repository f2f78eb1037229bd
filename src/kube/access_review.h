#pragma once

#include "api_client.h"
#include "error.h"

#include <functional>

namespace kubestrap {

// One thing a user might be allowed to do, as a SelfSubjectAccessReview asks it.
struct AccessQuestion {
    QString verb;
    QString group; // "" for the core group
    QString resource;
    QString namespaceName; // empty: cluster-wide
    QString name;          // empty: any

    // "create certificatesigningrequests.certificates.k8s.io", "list configmaps in default".
    QString text() const;
};

// Asks the server whether `client` may do it (SelfSubjectAccessReview, what `kubectl auth can-i`
// asks); a failure when the question could not be asked.
void mayI(ApiClient &client, const AccessQuestion &question,
          std::function<void(const Result<bool> &allowed)> done);

} // namespace kubestrap
