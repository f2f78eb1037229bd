#pragma once

#include "api_client.h"
#include "kubeconfig_expiry.h"

#include <chrono>
#include <functional>
#include <vector>

namespace kubestrap {

// What a context's cluster shows that expires, beyond the kubeconfig: the API server's serving
// certificate (from a TLS handshake that sends nothing), the bootstrap tokens' expirations (when
// the credential may list them), and the certificates issued for requests the context's user
// made. Each row starts as `base` (its context, cluster and user). `done` is called once, with
// what answered within `timeout`; what the credential may not read is left out, not an error.
void probeExpiry(ApiClient &client, const expiry::Row &base, std::chrono::milliseconds timeout,
                 std::function<void(std::vector<expiry::Row> rows)> done);

// Probes every context of `config` that `ask` accepts (by its user), all at once, each for at
// most `timeout`. `done` gets every row, soonest first, and each context that could not be
// asked (no usable cluster or credential) with why.
struct Unprobed {
    QString context;
    QString why;
};
void probeContexts(const Kubeconfig &config, std::chrono::milliseconds timeout,
                   const std::function<bool(const KubeconfigUser *user)> &ask,
                   std::function<void(std::vector<expiry::Row>, std::vector<Unprobed>)> done);

} // namespace kubestrap
