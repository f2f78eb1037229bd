#include "bootstrap_token.h"

#include "rfc3339.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::BootstrapToken", text);
}

const QRegularExpression &tokenPattern()
{
    static const QRegularExpression re(QStringLiteral("^([a-z0-9]{6})\\.([a-z0-9]{16})$"));
    return re;
}

// kubeadm's randBytes: bytes from the CSPRNG, those of 252 and above dropped so that every one of
// the 36 characters is equally likely.
Result<QString> randomCharacters(int length)
{
    static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    QString out;
    while (out.size() < length) {
        unsigned char bytes[32];
        if (RAND_bytes(bytes, sizeof bytes) != 1)
            return fail(tr("the system's random number generator failed"));
        for (const unsigned char byte : bytes) {
            if (byte < 252 && out.size() < length)
                out += QLatin1Char(alphabet[byte % 36]);
        }
        OPENSSL_cleanse(bytes, sizeof bytes);
    }
    return out;
}

QString dataString(const QJsonObject &data, const char *key)
{
    return QString::fromUtf8(
        QByteArray::fromBase64(data.value(QLatin1String(key)).toString().toLatin1()));
}

QString base64(const QString &text)
{
    return QString::fromLatin1(text.toUtf8().toBase64());
}

} // namespace

QString bootstrapGroupProblem(const QString &group)
{
    static const QRegularExpression pattern(
        QStringLiteral("^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$"));
    if (!pattern.match(group).hasMatch())
        return tr("group '%1' must match %2").arg(group, pattern.pattern());
    return {};
}

Result<BootstrapToken> BootstrapToken::generate(const QDateTime &now, std::chrono::seconds ttl)
{
    auto id = randomCharacters(6);
    auto secret = randomCharacters(16);
    if (!id || !secret)
        return unexpected(id ? secret.error() : id.error());
    BootstrapToken token;
    token.id = *id;
    token.secret = *secret;
    token.usages = {QStringLiteral("signing"), QStringLiteral("authentication")};
    token.extraGroups = {QLatin1String(kDefaultGroup)};
    if (ttl.count() > 0)
        token.expiration = now.toUTC().addSecs(ttl.count());
    return token;
}

Result<BootstrapToken> BootstrapToken::parse(const QString &text)
{
    const auto match = tokenPattern().match(text.trimmed());
    if (!match.hasMatch())
        return fail(tr("a bootstrap token is six characters, a dot and sixteen characters, all "
                       "lower-case letters "
                       "or digits (like abcdef.0123456789abcdef)"));
    BootstrapToken token;
    token.id = match.captured(1);
    token.secret = match.captured(2);
    return token;
}

QJsonObject BootstrapToken::toSecret() const
{
    QJsonObject data{{QStringLiteral("token-id"), base64(id)},
                     {QStringLiteral("token-secret"), base64(secret)}};
    if (!description.isEmpty())
        data.insert(QStringLiteral("description"), base64(description));
    if (expiration)
        data.insert(QStringLiteral("expiration"),
                    base64(expiration->toUTC().toString(Qt::ISODate)));
    for (const QString &usage : usages)
        data.insert(QStringLiteral("usage-bootstrap-") + usage, base64(QStringLiteral("true")));
    if (!extraGroups.isEmpty())
        data.insert(QStringLiteral("auth-extra-groups"),
                    base64(extraGroups.join(QLatin1Char(','))));
    return {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("Secret")},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), secretName()},
                         {QStringLiteral("namespace"), QLatin1String(kNamespace)}}},
            {QStringLiteral("type"), QLatin1String(kSecretType)},
            {QStringLiteral("data"), data}};
}

Result<BootstrapToken> BootstrapToken::fromSecret(const QJsonObject &secret)
{
    const QJsonObject data = secret.value(QStringLiteral("data")).toObject();
    const QString name = secret.value(QStringLiteral("metadata"))
                             .toObject()
                             .value(QStringLiteral("name"))
                             .toString();
    if (secret.value(QStringLiteral("type")).toString() != QLatin1String(kSecretType))
        return fail(tr("the Secret's type is not %1").arg(QLatin1String(kSecretType)));
    auto token =
        parse(dataString(data, "token-id") + QLatin1Char('.') + dataString(data, "token-secret"));
    if (!token)
        return fail(
            tr("token-id and token-secret do not form a token: %1").arg(token.error().message));
    if (name != token->secretName())
        return fail(tr("the Secret is named %1 but holds token id %2").arg(name, token->id));
    token->description = dataString(data, "description");
    // An empty expiration is no expiration, as cluster-bootstrap reads it.
    if (const QString expiration = dataString(data, "expiration"); !expiration.isEmpty()) {
        const auto when = parseRfc3339(expiration);
        if (!when)
            return fail(tr("expiration '%1' is not an RFC 3339 time; the API server treats the "
                           "token as expired")
                            .arg(expiration));
        token->expiration = *when;
    }
    for (const QString &usage : {QStringLiteral("signing"), QStringLiteral("authentication")}) {
        if (dataString(data, ("usage-bootstrap-" + usage.toLatin1()).constData())
            == QLatin1String("true"))
            token->usages << usage;
    }
    const QString groups = dataString(data, "auth-extra-groups");
    if (!groups.isEmpty()) {
        for (const QString &group : groups.split(QLatin1Char(','))) {
            if (const QString problem = bootstrapGroupProblem(group.trimmed()); !problem.isEmpty())
                return fail(problem);
            token->extraGroups << group.trimmed();
        }
    }
    return token;
}

bool bootstrapSecretExpired(const QJsonObject &secret, const QDateTime &now)
{
    const QString expiration =
        dataString(secret.value(QStringLiteral("data")).toObject(), "expiration");
    if (expiration.isEmpty())
        return false;
    const auto when = parseRfc3339(expiration);
    return !when || now >= *when;
}

std::optional<BootstrapIdentity> authenticateBootstrapToken(const QString &presented,
                                                            const QJsonObject &secret,
                                                            const QDateTime &now)
{
    const auto asked = BootstrapToken::parse(presented);
    const auto held = BootstrapToken::fromSecret(secret);
    if (!asked || !held || asked->id != held->id)
        return std::nullopt;
    const QByteArray a = asked->secret.toLatin1();
    const QByteArray b = held->secret.toLatin1();
    if (a.size() != b.size() || CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) != 0)
        return std::nullopt;
    if (held->expired(now) || !held->usages.contains(QLatin1String("authentication")))
        return std::nullopt;
    if (!secret.value(QStringLiteral("metadata"))
             .toObject()
             .value(QStringLiteral("deletionTimestamp"))
             .toString()
             .isEmpty())
        return std::nullopt;
    return BootstrapIdentity{QStringLiteral("system:bootstrap:") + held->id,
                             QStringList{QStringLiteral("system:bootstrappers")}
                                 + held->extraGroups};
}

} // namespace kubestrap
