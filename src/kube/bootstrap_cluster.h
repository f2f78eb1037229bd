#pragma once

#include "api_client.h"
#include "bootstrap_doctor.h"

namespace kubestrap {

// Reads everything the doctor judges (token Secrets, cluster-info, every Role, ClusterRole and
// binding, the server's certificate chain) with `client`'s credential, in parallel.
void readBootstrapSnapshot(ApiClient &client,
                           std::function<void(const Result<BootstrapSnapshot> &)> done);

// Tries `token` on the API server as a joining node would use it: who it authenticates as
// (SelfSubjectReview), whether it may create CSRs (SelfSubjectAccessReview) and whether a node's
// CSR sent with it is accepted (a dry-run create, nothing stored).
void probeToken(const ApiClient &admin, const BootstrapToken &token,
                std::function<void(const TokenProbe &)> done);

} // namespace kubestrap
