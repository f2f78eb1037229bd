#pragma once

#include "error.h"
#include "yaml_value.h"

#include <QByteArray>
#include <QStringList>

namespace kubestrap {

// A YAML (or JSON) document read the way kubectl reads one: libyaml's scanner and parser (go-yaml
// v2, kubectl's parser, is a line-by-line port of it), YAML 1.1 scalars, merge keys, the first
// document of a stream only, a repeated key's last value winning.
struct YamlDocument {
    YamlValue root;       // null for an empty file or one holding only comments
    QStringList warnings; // things kubectl accepts silently but a user should hear about
};

// Reads `bytes` (UTF-8, or UTF-16 with a byte order mark). Errors name the line and column.
// Hostile input is bounded: aliases may not expand beyond go-yaml's ratio ("excessive
// aliasing"), and nesting stops at 10,000 levels.
Result<YamlDocument> readYaml(const QByteArray &bytes);

} // namespace kubestrap
