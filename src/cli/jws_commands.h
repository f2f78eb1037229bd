#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli jws sign|verify`: the detached signatures of cluster-info, as the
// BootstrapSigner writes them and a joining node checks them.
Command jwsCommand();

} // namespace kubestrap::cli
