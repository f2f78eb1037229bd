#include "jws.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

#include <openssl/crypto.h>

namespace kubestrap::jws {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::jws", text);
}

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray protectedHeader(const QString &tokenId)
{
    // go-jose marshals the header map with sorted keys: alg before kid.
    return QByteArray(R"({"alg":"HS256","kid":")") + tokenId.toUtf8() + "\"}";
}

} // namespace

QString detachedSignature(const QByteArray &content, const QString &tokenId,
                          const QString &tokenSecret)
{
    const QByteArray header = protectedHeader(tokenId).toBase64(kBase64Url);
    const QByteArray signingInput = header + '.' + content.toBase64(kBase64Url);
    const QByteArray mac = QMessageAuthenticationCode::hash(signingInput, tokenSecret.toUtf8(),
                                                            QCryptographicHash::Sha256);
    return QString::fromLatin1(header + ".." + mac.toBase64(kBase64Url));
}

Result<void> verifyDetached(const QByteArray &content, const QString &signature,
                            const QString &tokenId, const QString &tokenSecret)
{
    const QStringList parts = signature.split(QLatin1Char('.'));
    if (parts.size() != 3)
        return fail(tr("a detached JWS has three parts separated by dots"));
    if (!parts[1].isEmpty())
        return fail(tr("the signature carries its payload; a detached JWS leaves it out"));
    const auto header = QByteArray::fromBase64Encoding(
        parts[0].toLatin1(),
        QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!header)
        return fail(tr("the protected header is not base64url"));
    const QJsonObject fields = QJsonDocument::fromJson(*header).object();
    if (fields.value(QStringLiteral("alg")).toString() != QLatin1String("HS256"))
        return fail(tr("the signature uses algorithm '%1', not HS256")
                        .arg(fields.value(QStringLiteral("alg")).toString()));
    if (fields.value(QStringLiteral("kid")).toString() != tokenId)
        return fail(tr("the signature is for token '%1', not '%2'")
                        .arg(fields.value(QStringLiteral("kid")).toString(), tokenId));
    if (!QByteArray::fromBase64Encoding(parts[2].toLatin1(),
                                        QByteArray::Base64UrlEncoding
                                            | QByteArray::AbortOnBase64DecodingErrors))
        return fail(tr("the signature is not base64url"));
    const QByteArray expected = detachedSignature(content, tokenId, tokenSecret).toLatin1();
    const QByteArray given = signature.toLatin1();
    if (expected.size() != given.size()
        || CRYPTO_memcmp(expected.constData(), given.constData(), size_t(given.size())) != 0)
        return fail(tr(
            "the signature does not match: the content changed or another token secret signed it"));
    return {};
}

} // namespace kubestrap::jws
