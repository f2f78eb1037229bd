#pragma once

#include "error.h"
#include "yaml_value.h"

#include <QByteArray>
#include <QJsonValue>

namespace kubestrap {

// Writes a value as block YAML with libyaml's emitter, choosing each scalar's style the way
// go-yaml v2 (kubectl's encoder) does: plain where it reads back as the same string, double-quoted
// where it would read as a boolean, number or null, literal for multi-line text. Keys are written
// in the value's order.
Result<QByteArray> writeYaml(const YamlValue &value);

// The same for a JSON value (an API object), keys ordered as `kubectl get -o yaml` orders them.
Result<QByteArray> writeYaml(const QJsonValue &value);
// A JSON value as a YamlValue, keys in the JSON object's order.
YamlValue yamlFromJson(const QJsonValue &value);

// Orders every mapping's keys as go-yaml v2 orders a Go map's keys when it prints one (runs of
// digits compare as numbers, letters after other characters), which is the order of `kubectl
// config view -o yaml`.
void sortKeysLikeKubectl(YamlValue &value);

} // namespace kubestrap
