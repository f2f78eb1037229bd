#pragma once

#include "yaml_value.h"

#include <QByteArray>

namespace kubestrap {

// Writes a value as JSON the way kubectl prints it (Go's encoding/json): members in the value's
// order, numbers in Go's format, `<`, `>` and `&` escaped. `indent` 0 gives compact output; kubectl
// indents by 4. A trailing newline follows an indented document.
QByteArray writeJson(const YamlValue &value, int indent = 4);

} // namespace kubestrap
