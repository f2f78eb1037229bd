#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubeconfig export`: one context as a standalone file to hand to a colleague.
Command exportCommand();

} // namespace kubestrap::cli
