#pragma once

#include "api_handler.h"
#include "api_resources.h"

#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <optional>
#include <variant>

// What the sandbox's API server checks and fills in before it stores an object, as
// kube-apiserver's decoding, defaulting, validation and admission do.

namespace kubestrap::sandbox {

// Decodes `object` as kube-apiserver decodes a body into its Go type: fields the type does not
// have are dropped, or with ?fieldValidation=Strict refused with `refusal(unknown fields)`.
// Returns the Warning headers to send, or the error to answer.
std::variant<QStringList, ApiError>
decodeFields(const ApiRequest &request, QJsonObject &object, const ApiResource &resource,
             const QString &options, const std::function<ApiError(const QStringList &)> &refusal);

// The metadata an update or patch cannot change: identity, creation and a deletion under way.
void keepServerFields(QJsonObject &metadata, const QJsonObject &current);

// The refusal of a strictly decoded create or update.
ApiError cannotBeHandled(const ApiResource &resource, const QStringList &unknown);

// `response` with a Warning header for each unknown field dropped.
ApiResponse warned(ApiResponse response, const QStringList &unknown);

// What the API server checks in a CertificateSigningRequest before storing it.
std::optional<ApiError> checkCertificateRequest(const QJsonObject &csr, const QString &name);

// kube-apiserver's CertificateSubjectRestriction admission: no system:masters certificate from
// the kube-apiserver-client signer.
std::optional<ApiError> restrictSubject(const QJsonObject &csr, const QString &name);

// What the API server fills in on objects it creates.
void defaults(QJsonObject &object, const ApiResource &resource);

// Secret data must be base64, as the real server decodes it into bytes.
std::optional<ApiError> checkData(const QJsonObject &object, const ApiResource &resource);

} // namespace kubestrap::sandbox
