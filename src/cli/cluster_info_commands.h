#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli cluster-info show|verify`: what kube-public/cluster-info tells joining nodes, and
// whether its signatures and CA hold.
Command clusterInfoCommand();

} // namespace kubestrap::cli
