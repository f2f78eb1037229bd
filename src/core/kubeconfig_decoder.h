#pragma once

#include "error.h"
#include "kubeconfig.h"
#include "yaml_value.h"

namespace kubestrap {

// Decodes one kubeconfig document with client-go's rules: Go's JSON types (a quoted "true" is not
// a boolean, a number is not a string), base64 for the *-data fields, apiVersion v1 and kind Config
// (either may be left out), no two entries with one name, exec plugins of the beta API defaulting
// to interactiveMode IfAvailable. Every entry's origin is set to `origin`. Errors name the line,
// the column and the field path ("clusters[2].cluster.server").
Result<Kubeconfig> decodeKubeconfig(const YamlValue &root, const QString &origin);

// Go's base64.StdEncoding: padding required, line breaks ignored.
std::optional<QByteArray> decodeStdBase64(const QString &text);

} // namespace kubestrap
