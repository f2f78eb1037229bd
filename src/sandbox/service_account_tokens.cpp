#include "service_account_tokens.h"

#include "openssl_ptr.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/pem.h>

namespace kubestrap::sandbox {

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

using DigestContext = std::unique_ptr<EVP_MD_CTX, openssl::Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;

openssl::Pkey privateKey(const QByteArray &pem)
{
    const auto bio = openssl::readBio(pem);
    return openssl::Pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

QByteArray encode(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(kBase64Url);
}

} // namespace

Result<QString> ServiceAccountTokens::issue(const QString &namespaceName, const QString &name,
                                            const QString &uid, const QStringList &audiences,
                                            const QDateTime &expires, const QDateTime &now) const
{
    const openssl::Pkey signing = privateKey(key);
    if (!signing)
        return fail(QStringLiteral("the service-account signing key cannot be read"));
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")},
                             {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QJsonObject claims{
        {QStringLiteral("iss"), QLatin1String(kIssuer)},
        {QStringLiteral("sub"),
         QStringLiteral("system:serviceaccount:%1:%2").arg(namespaceName, name)},
        {QStringLiteral("aud"), QJsonArray::fromStringList(audiences)},
        {QStringLiteral("exp"), expires.toSecsSinceEpoch()},
        {QStringLiteral("iat"), now.toSecsSinceEpoch()},
        {QStringLiteral("nbf"), now.toSecsSinceEpoch()},
        {QStringLiteral("kubernetes.io"),
         QJsonObject{{QStringLiteral("namespace"), namespaceName},
                     {QStringLiteral("serviceaccount"),
                      QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("uid"), uid}}}}}};
    const QByteArray input = encode(header) + '.' + encode(claims);
    const DigestContext context(EVP_MD_CTX_new());
    size_t length = 0;
    if (EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, signing.get()) != 1
        || EVP_DigestSign(context.get(), nullptr, &length,
                          reinterpret_cast<const unsigned char *>(input.constData()),
                          size_t(input.size()))
               != 1)
        return fail(QStringLiteral("cannot sign the service-account token"));
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(input.constData()),
                       size_t(input.size()))
        != 1)
        return fail(QStringLiteral("cannot sign the service-account token"));
    signature.resize(qsizetype(length));
    return QString::fromLatin1(input + '.' + signature.toBase64(kBase64Url));
}

Result<QJsonObject> ServiceAccountTokens::verify(const QString &token, const QDateTime &now) const
{
    const QStringList parts = token.split(QLatin1Char('.'));
    if (parts.size() != 3)
        return fail(QStringLiteral("not a JWT"));
    const openssl::Pkey signing = privateKey(key);
    const QByteArray input = parts[0].toLatin1() + '.' + parts[1].toLatin1();
    const QByteArray signature =
        QByteArray::fromBase64(parts[2].toLatin1(), QByteArray::Base64UrlEncoding);
    const DigestContext context(EVP_MD_CTX_new());
    if (!signing
        || EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, signing.get()) != 1
        || EVP_DigestVerify(
               context.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
               size_t(signature.size()), reinterpret_cast<const unsigned char *>(input.constData()),
               size_t(input.size()))
               != 1)
        return fail(QStringLiteral("the token's signature does not verify"));
    const QJsonObject claims =
        QJsonDocument::fromJson(
            QByteArray::fromBase64(parts[1].toLatin1(), QByteArray::Base64UrlEncoding))
            .object();
    if (claims.value(QStringLiteral("iss")).toString() != QLatin1String(kIssuer))
        return fail(QStringLiteral("the token was issued by someone else"));
    if (now.toSecsSinceEpoch() >= claims.value(QStringLiteral("exp")).toInteger())
        return fail(QStringLiteral("the token has expired"));
    return claims;
}

} // namespace kubestrap::sandbox
