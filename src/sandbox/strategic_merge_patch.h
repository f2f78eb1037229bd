#pragma once

#include "openapi.h"

#include <error.h>

#include <QJsonObject>

namespace kubestrap::sandbox {

// A strategic merge patch applied as kube-apiserver applies it to a built-in kind: like a JSON
// merge patch, except that lists the schema marks `merge` are merged (by their merge key, or as
// sets of values) instead of replaced, and that the directives client-side `kubectl apply` sends
// are obeyed: $patch (merge, replace, delete), $retainKeys, $setElementOrder/<list> and
// $deleteFromPrimitiveList/<list>.
Result<QJsonObject> applyStrategicMergePatch(const QJsonObject &original, const QJsonObject &patch,
                                             const Schema &schema);

} // namespace kubestrap::sandbox
