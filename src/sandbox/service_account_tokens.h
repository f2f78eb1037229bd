#pragma once

#include "error.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace kubestrap::sandbox {

// The service-account tokens TokenRequest issues: RS256 JWTs with the claims kube-apiserver puts
// in them (iss, sub system:serviceaccount:<ns>:<name>, aud, exp, iat, nbf, and the
// kubernetes.io namespace and service account), signed with the sandbox's service-account key.
class ServiceAccountTokens {
public:
    explicit ServiceAccountTokens(QByteArray signingKeyPem) : key(std::move(signingKeyPem)) {}

    static constexpr const char *kIssuer = "https://kubernetes.default.svc.cluster.local";

    Result<QString> issue(const QString &namespaceName, const QString &name, const QString &uid,
                          const QStringList &audiences, const QDateTime &expires,
                          const QDateTime &now) const;

    // The claims of a token this key signed that has not expired, or why not.
    Result<QJsonObject> verify(const QString &token, const QDateTime &now) const;

private:
    QByteArray key;
};

} // namespace kubestrap::sandbox
