#pragma once

#include "error.h"
#include "yaml_value.h"

#include <QString>

namespace kubestrap {

// The YAML 1.1 rules that kubectl's YAML library (go-yaml v2) applies to a scalar, so that
// `insecure-skip-tls-verify: yes` is a boolean and `namespace: 0755` a number, exactly as kubectl
// reads them.
namespace yaml_scalar {

// What an unquoted scalar means: null, a boolean, an integer, a float or a string. `<<` is a
// string here; the reader treats it as a merge key where it stands as a plain mapping key.
YamlValue resolvePlain(const QString &text);

// What a scalar with an explicit tag (`!!str`, `!!int`, `!!binary`, …) means, or why it cannot
// mean that. Unknown local tags (`!foo`) leave the text a string, as kubectl does.
Result<YamlValue> resolveTagged(const QString &tag, const QString &text, bool plain);

// True when `text` written unquoted would be read back as something other than this string, so
// an emitter must quote it (go-yaml also quotes what YAML 1.1 reads as a base-60 float).
bool needsQuotes(const QString &text);

// Numbers formatted as Go formats them: JSON output (`1e+21`, `0.000001`) and map keys
// (float32, `%g`).
QString formatJsonFloat(double value);
QString formatKeyFloat(double value);

} // namespace yaml_scalar

} // namespace kubestrap
