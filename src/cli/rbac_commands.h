#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli rbac can-i|who-can|what-can`: kubectl auth can-i's questions, answered by
// Kubestrap's own evaluator over the cluster's RBAC objects (the RBAC panel's answers), so that
// a script can check them and a test can hold them against the real authorizer.
Command rbacCommand();

} // namespace kubestrap::cli
