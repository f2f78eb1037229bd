#include "auth_provider.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AuthProvider", text);
}

// The `exp` claim of a JWT, read without checking the signature (the API server checks it); an
// invalid time when the token is not a JWT or carries no expiry.
QDateTime expiryOf(const QByteArray &jwt)
{
    const QList<QByteArray> parts = jwt.split('.');
    if (parts.size() != 3)
        return {};
    const auto payload = QByteArray::fromBase64Encoding(
        parts[1], QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!payload)
        return {};
    const QJsonValue exp = QJsonDocument::fromJson(*payload).object().value(QStringLiteral("exp"));
    return exp.isDouble() ? QDateTime::fromSecsSinceEpoch(qint64(exp.toDouble()), Qt::UTC)
                          : QDateTime();
}

} // namespace

Result<QByteArray> authProviderToken(const QString &userName, const AuthProvider &provider,
                                     const QDateTime &now)
{
    if (provider.name != QLatin1String("oidc"))
        return fail(tr("user '%1' uses the '%2' auth provider, which kubectl no longer supports "
                       "either: switch the user to its exec plugin (gke-gcloud-auth-plugin for "
                       "gcp, kubelogin for azure)")
                        .arg(userName, provider.name));
    const auto config = provider.config.value_or(std::map<QString, QString>());
    const auto idToken = config.find(QStringLiteral("id-token"));
    if (idToken == config.end() || idToken->second.isEmpty())
        return fail(tr("user '%1' has no OIDC id-token yet: log in with your identity provider's "
                       "helper (for example kubectl oidc-login) to get one")
                        .arg(userName));
    const QByteArray token = idToken->second.toUtf8();
    const QDateTime expiry = expiryOf(token);
    if (!expiry.isValid())
        return fail(tr("user '%1': the OIDC id-token is not a JWT with an expiry; log in again "
                       "to get a fresh one")
                        .arg(userName));
    if (expiry <= now)
        return fail(tr("user '%1': the OIDC id-token expired at %2 and Kubestrap does not "
                       "refresh it; run any kubectl command on this context (kubectl refreshes "
                       "it with the refresh-token) or log in again")
                        .arg(userName, expiry.toString(Qt::ISODate)));
    return token;
}

} // namespace kubestrap
