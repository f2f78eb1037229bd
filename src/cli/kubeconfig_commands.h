#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli kubeconfig …`: view, contexts, current-context.
Command kubeconfigCommand();

} // namespace kubestrap::cli
