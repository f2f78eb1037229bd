#pragma once

#include "command.h"

#include <vector>

namespace kubestrap::cli {

// `kubeconfig use-context`, `rename-context|cluster|user`, `delete-context|cluster|user`,
// `set-namespace`, `set-server` and `merge`: each changes the one file that holds what it changes.
std::vector<Command> kubeconfigEditCommands();

} // namespace kubestrap::cli
