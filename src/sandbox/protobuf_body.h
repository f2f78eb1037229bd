#pragma once

#include "error.h"

#include <QByteArray>
#include <QJsonObject>

namespace kubestrap::sandbox {

// kubectl sends built-in kinds as Kubernetes protobuf ("k8s\0" and a runtime.Unknown envelope)
// and does not fall back to JSON. This turns such a body back into the JSON object it stands for,
// for the kinds the sandbox serves; unknown fields are skipped, as JSON decoding skips them.
Result<QJsonObject> decodeProtobufBody(const QByteArray &body);

} // namespace kubestrap::sandbox
