#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli csr list|show|approve|deny`: certificate requests with the Certificate requests
// panel's verdict (core's reviewCsr: what kube-controller-manager's approver does with each, and
// what is risky), as text or as the JSON scripts read.
Command csrCommand();

} // namespace kubestrap::cli
