#pragma once

#include <QJsonValue>

namespace kubestrap::sandbox {

// RFC 7386 JSON merge patch: objects merge key by key, null removes a key, anything else
// replaces. The sandbox also applies strategic merge patches this way; for the kinds it serves
// (maps of data, lists that are replaced whole) the results are the same.
QJsonValue applyMergePatch(const QJsonValue &target, const QJsonValue &patch);

} // namespace kubestrap::sandbox
