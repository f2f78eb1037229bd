#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli kubeconfig lint`: every problem in the kubeconfig files, with what to do.
Command lintCommand();

} // namespace kubestrap::cli
