#pragma once

#include "api_client.h"

#include <optional>
#include <utility>
#include <vector>

namespace kubestrap {

// Lists each collection (an API path) into its vector, whole and page by page, all at once;
// `done` once every list has ended, with the first failure if any. The vectors must outlive the
// reads: callers keep them in the state their callback holds.
using CollectionReads = std::vector<std::pair<QString, std::vector<QJsonObject> *>>;
void listAll(ApiClient &client, const CollectionReads &reads,
             std::function<void(const std::optional<Error> &failure)> done);

} // namespace kubestrap
