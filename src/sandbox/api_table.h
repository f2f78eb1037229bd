#pragma once

#include "api_resources.h"

#include <QJsonObject>

#include <vector>

namespace kubestrap::sandbox {

// The server-side table kubectl asks for (`Accept: …;as=Table;g=meta.k8s.io;v=v1`): the columns
// kube-apiserver prints for each kind, one row per object, row objects as metadata only.
QJsonObject tableOf(const ApiResource &resource, const std::vector<QJsonObject> &objects,
                    const QJsonObject &listMetadata);

} // namespace kubestrap::sandbox
