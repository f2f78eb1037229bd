#pragma once

#include <error.h>

#include <QJsonArray>
#include <QJsonValue>

namespace kubestrap::sandbox {

// RFC 6902 JSON patch (kubectl patch --type json): add, remove, replace, move, copy and test,
// at RFC 6901 pointers, all or nothing.
Result<QJsonValue> applyJsonPatch(const QJsonValue &document, const QJsonArray &operations);

} // namespace kubestrap::sandbox
