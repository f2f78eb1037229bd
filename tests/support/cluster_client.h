#pragma once

#include "api_client.h"

#include <memory>

namespace kubestrap::test {

// An ApiClient for the current context of the kubeconfig at `path`; null with `error` set when
// the file cannot be read or its context cannot connect.
std::unique_ptr<ApiClient> clientFor(const QString &path, QString *error = nullptr);

} // namespace kubestrap::test
