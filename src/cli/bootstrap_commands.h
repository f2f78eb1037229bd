#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli bootstrap plan|doctor|apply`: every object the TLS-bootstrap procedure needs,
// what a cluster has of them, and setting up what is missing.
Command bootstrapCommand();

} // namespace kubestrap::cli
