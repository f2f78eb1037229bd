#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli token generate|list|create|delete|extend`: kubeadm's token commands, with the
// secret never printed by list, and a token's expiry changeable after the fact.
Command tokenCommand();

} // namespace kubestrap::cli
