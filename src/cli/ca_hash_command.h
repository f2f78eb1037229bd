#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli ca-hash FILE`: kubeadm's --discovery-token-ca-cert-hash for each certificate.
Command caHashCommand();

} // namespace kubestrap::cli
