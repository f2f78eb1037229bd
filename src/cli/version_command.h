#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli version`: this build's version and the libraries it uses.
Command versionCommand();

} // namespace kubestrap::cli
