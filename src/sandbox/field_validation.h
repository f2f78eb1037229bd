#pragma once

#include "api_status.h"
#include "openapi.h"

#include <QJsonObject>
#include <QStringList>

#include <variant>

namespace kubestrap::sandbox {

// The fields of `object` that its schema does not have, named as kube-apiserver's strict decoder
// names them ("metadata.foo", "subjects[0].bogus"). They are removed from `object`, as decoding
// into the Go types drops them. Maps and free-form objects accept any key.
QStringList dropUnknownFields(QJsonObject &object, const Schema &schema);

// What ?fieldValidation= asks for unknown fields: Strict refuses the request, Warn (the default)
// drops them with a Warning header each, Ignore drops them silently.
enum class FieldValidation { Ignore, Warn, Strict };

// The request's choice, or the 422 kube-apiserver answers for a value it does not know.
// `options` names the request's options kind: "CreateOptions", "UpdateOptions", "PatchOptions".
std::variant<FieldValidation, ApiError> fieldValidationOf(const QString &value,
                                                          const QString &options);

// "strict decoding error: unknown field \"a\", unknown field \"b\"", as the strict decoder says it.
QString strictDecodingError(const QStringList &unknown);

// The Warning header value for one dropped field: 299 - "unknown field \"a\"".
QByteArray unknownFieldWarning(const QString &field);

// Decoded JSON as Go's fmt prints it ("map[a:1 b:[x y]]"), as kube-apiserver quotes a patch.
QString goFormatted(const QJsonValue &value);

} // namespace kubestrap::sandbox
