#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli kubeconfig expiry`: what expires in every context, soonest first.
Command expiryCommand();

} // namespace kubestrap::cli
