#pragma once

#include "command.h"

namespace kubestrap::cli {

// The whole command tree of kubestrap-cli.
Command rootCommand();

// Runs kubestrap-cli with `arguments` (arguments[0] is the program name) and returns its exit code.
int run(const QStringList &arguments, Io &io);

} // namespace kubestrap::cli
