#include "admission.h"

#include "api_basics.h"
#include "field_validation.h"
#include "x509.h"

#include <QJsonArray>

namespace kubestrap::sandbox {

// Decodes `object` as kube-apiserver decodes a body into its Go type: fields the type does not
// have are dropped, or with ?fieldValidation=Strict refused with `refusal(unknown fields)`.
// Returns the Warning headers to send, or the error to answer.
std::variant<QStringList, ApiError>
decodeFields(const ApiRequest &request, QJsonObject &object, const ApiResource &resource,
             const QString &options, const std::function<ApiError(const QStringList &)> &refusal)
{
    const auto validation =
        fieldValidationOf(request.query.queryItemValue(QStringLiteral("fieldValidation")), options);
    if (const ApiError *bad = std::get_if<ApiError>(&validation))
        return *bad;
    const QStringList unknown = dropUnknownFields(object, schemaOf(resource));
    const FieldValidation mode = std::get<FieldValidation>(validation);
    if (unknown.isEmpty() || mode == FieldValidation::Ignore)
        return QStringList();
    if (mode == FieldValidation::Strict)
        return refusal(unknown);
    return unknown;
}

// The metadata an update or patch cannot change: identity, creation and a deletion under way.
void keepServerFields(QJsonObject &metadata, const QJsonObject &current)
{
    for (const char *kept : {"name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                             "deletionGracePeriodSeconds"}) {
        if (current.contains(QLatin1String(kept)))
            metadata.insert(QLatin1String(kept), current.value(QLatin1String(kept)));
    }
}

// The refusal of a strictly decoded create or update.
ApiError cannotBeHandled(const ApiResource &resource, const QStringList &unknown)
{
    return status::badRequest(
        QStringLiteral("%1 in version \"%2\" cannot be handled as a %1: %3")
            .arg(resource.kind, resource.version, strictDecodingError(unknown)));
}

ApiResponse warned(ApiResponse response, const QStringList &unknown)
{
    for (const QString &field : unknown)
        response.headers.emplace_back("Warning", unknownFieldWarning(field));
    return response;
}

// kube-apiserver's CertificateSubjectRestriction admission: no system:masters certificate from
// the kube-apiserver-client signer.
std::optional<ApiError> restrictSubject(const QJsonObject &csr, const QString &name)
{
    const QJsonObject spec = csr.value(QStringLiteral("spec")).toObject();
    const QString signer = spec.value(QStringLiteral("signerName")).toString();
    if (signer != QLatin1String("kubernetes.io/kube-apiserver-client"))
        return std::nullopt;
    const auto request = x509::inspectRequest(
        QByteArray::fromBase64(spec.value(QStringLiteral("request")).toString().toLatin1()));
    if (!request || !request->organizations.contains(QLatin1String("system:masters")))
        return std::nullopt;
    return status::forbiddenBecause(
        QStringLiteral("certificatesigningrequests"), QStringLiteral("certificates.k8s.io"), name,
        QStringLiteral("use of %1 signer with system:masters group is not allowed").arg(signer));
}

// What the API server checks in a CertificateSigningRequest before storing it.
std::optional<ApiError> checkCertificateRequest(const QJsonObject &csr, const QString &name)
{
    const QJsonObject spec = csr.value(QStringLiteral("spec")).toObject();
    QJsonArray causes;
    const auto problem = [&](const char *field, const QString &message) {
        causes.append(QJsonObject{{QStringLiteral("reason"), QStringLiteral("FieldValueInvalid")},
                                  {QStringLiteral("message"), message},
                                  {QStringLiteral("field"), QLatin1String(field)}});
    };
    const QByteArray pem =
        QByteArray::fromBase64(spec.value(QStringLiteral("request")).toString().toLatin1());
    if (const auto request = x509::inspectRequest(pem); !request)
        problem("spec.request", QStringLiteral("Invalid value: %1").arg(request.error().message));
    if (spec.value(QStringLiteral("signerName")).toString().isEmpty())
        problem("spec.signerName", QStringLiteral("Required value"));
    if (spec.value(QStringLiteral("usages")).toArray().isEmpty())
        problem("spec.usages", QStringLiteral("Required value"));
    if (spec.contains(QStringLiteral("expirationSeconds"))
        && spec.value(QStringLiteral("expirationSeconds")).toInteger() < 600)
        problem(
            "spec.expirationSeconds",
            QStringLiteral(
                "Invalid value: may not specify a duration less than 600 seconds (10 minutes)"));
    if (causes.isEmpty())
        return std::nullopt;
    return status::invalid(QStringLiteral("CertificateSigningRequest"), name, causes);
}

// What the API server fills in on objects it creates.
void defaults(QJsonObject &object, const ApiResource &resource)
{
    if (resource.kind == QLatin1String("Secret") && !object.contains(QStringLiteral("type")))
        object.insert(QStringLiteral("type"), QStringLiteral("Opaque"));
    if (resource.kind == QLatin1String("Namespace")) {
        QJsonObject metadata = metadataOf(object);
        QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
        labels.insert(QStringLiteral("kubernetes.io/metadata.name"),
                      metadata.value(QStringLiteral("name")));
        metadata.insert(QStringLiteral("labels"), labels);
        object.insert(QStringLiteral("metadata"), metadata);
        object.insert(
            QStringLiteral("spec"),
            QJsonObject{{QStringLiteral("finalizers"), QJsonArray{QStringLiteral("kubernetes")}}});
        object.insert(QStringLiteral("status"),
                      QJsonObject{{QStringLiteral("phase"), QStringLiteral("Active")}});
    }
}

// Secret data must be base64, as the real server decodes it into bytes. A bootstrap token's
// Secret is stored whatever it holds, as kube-apiserver stores it: the authenticator and kubeadm
// ignore a malformed one.
std::optional<ApiError> checkData(const QJsonObject &object, const ApiResource &resource)
{
    if (resource.kind != QLatin1String("Secret"))
        return std::nullopt;
    const QJsonObject data = object.value(QStringLiteral("data")).toObject();
    for (auto it = data.begin(); it != data.end(); ++it) {
        const QByteArray text = it.value().toString().toLatin1();
        if (!QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors))
            return status::badRequest(
                QStringLiteral("Secret in version \"v1\" cannot be handled as a Secret: illegal "
                               "base64 data in data[\"%1\"]")
                    .arg(it.key()));
    }
    return std::nullopt;
}

} // namespace kubestrap::sandbox
