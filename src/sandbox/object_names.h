#pragma once

#include <QJsonArray>
#include <QString>

namespace kubestrap::sandbox {

// Why `name` is not a valid name for `plural` objects, as field causes for a 422; empty when it
// is valid. Namespaces are RFC 1123 labels, RBAC objects path segments, the rest subdomains.
QJsonArray nameProblems(const QString &plural, const QString &name);

// A name for `generateName`: the prefix and five characters from the API server's alphabet.
QString generatedName(const QString &prefix);

} // namespace kubestrap::sandbox
