#pragma once

#include "sandbox_pki.h"

#include <QString>

namespace kubestrap::sandbox {

class ApiHandler;

// What --demo adds to a new cluster, so that every panel has something true to show: team
// namespaces with roles and bindings, four bootstrap tokens (one about to expire, one expired, one
// that cannot sign), cluster-info for `serverUrl` (which the BootstrapSigner then signs), part of
// kubeadm's bootstrap RBAC (first certificates are not auto-approved yet), and certificate
// requests, one pending and one a node's approved client certificate.
void seedDemoCluster(ApiHandler &api, const SandboxPki &pki, const QString &serverUrl);

} // namespace kubestrap::sandbox
