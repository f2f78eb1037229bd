#pragma once

#include <QJsonValue>

namespace kubestrap::sandbox {

// RFC 7386 JSON merge patch: objects merge key by key, null removes a key, anything else
// replaces.
QJsonValue applyMergePatch(const QJsonValue &target, const QJsonValue &patch);

} // namespace kubestrap::sandbox
