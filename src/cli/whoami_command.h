#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli whoami`: the user and groups the current context authenticates as, and the
// server and its version.
Command whoamiCommand();

} // namespace kubestrap::cli
