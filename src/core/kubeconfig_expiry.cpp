#include "kubeconfig_expiry.h"

#include "human_duration.h"
#include "kubeconfig_view.h"
#include "x509.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace kubestrap::expiry {

namespace {

// "CN=alice,O=devs,O=ops": the names Kubernetes reads a certificate's user and groups from.
QString subjectOf(const x509::CertificateInfo &info)
{
    QStringList parts;
    if (!info.commonName.isEmpty())
        parts << QStringLiteral("CN=") + info.commonName;
    for (const QString &organization : info.organizations)
        parts << QStringLiteral("O=") + organization;
    return parts.join(QLatin1Char(','));
}

// Where a value came from: the file, or the field of the kubeconfig that holds it.
struct Found {
    QByteArray bytes;
    QString source;
};

std::optional<Found> fileOrField(const QByteArray &data, const QString &path, const char *field,
                                 const QString &entry, const QString &origin, const ReadFile &read)
{
    if (!data.isEmpty())
        return Found{data, QStringLiteral("%1.%2 in %3").arg(entry, QLatin1String(field), origin)};
    if (path.isEmpty())
        return std::nullopt;
    const QString absolute = resolveKubeconfigPath(path, origin);
    const auto bytes = read(absolute);
    if (!bytes)
        return std::nullopt;
    return Found{*bytes, absolute};
}

void addCertificates(std::vector<Row> &rows, const Row &base, const Found &found,
                     bool everyCertificate)
{
    QList<QByteArray> certificates = x509::certificatesIn(found.bytes);
    if (!everyCertificate && certificates.size() > 1)
        certificates = {certificates.first()}; // the leaf; the rest is its chain
    for (const QByteArray &pem : certificates) {
        const auto info = x509::inspect(pem);
        if (!info)
            continue;
        Row row = base;
        row.subject = subjectOf(*info);
        row.notAfter = info->notAfter.toUTC();
        row.source = found.source;
        rows.push_back(row);
    }
}

void addToken(std::vector<Row> &rows, Row row, const QString &token, const QString &source)
{
    const auto claims = jwtClaims(token.trimmed());
    if (!claims)
        return;
    row.subject = claims->subject;
    row.notAfter = claims->expires;
    row.source = source;
    rows.push_back(row);
}

void addUser(std::vector<Row> &rows, const Row &base, const QString &name,
             const KubeconfigUser &user, const ReadFile &read)
{
    const QString entry = QStringLiteral("users[%1]").arg(name);
    Row row = base;
    row.kind = Kind::ClientCertificate;
    if (const auto found = fileOrField(user.clientCertificateData, user.clientCertificate,
                                       "client-certificate-data", entry, user.origin, read))
        addCertificates(rows, row, *found, false);
    row.kind = Kind::Token;
    if (!user.token.isEmpty())
        addToken(rows, row, user.token, QStringLiteral("%1.token in %2").arg(entry, user.origin));
    else if (const auto found =
                 fileOrField({}, user.tokenFile, "tokenFile", entry, user.origin, read))
        addToken(rows, row, QString::fromUtf8(found->bytes), found->source);
    if (user.authProvider && user.authProvider->config) {
        const auto &config = *user.authProvider->config;
        if (const auto it = config.find(QStringLiteral("id-token")); it != config.end()) {
            row.kind = Kind::IdToken;
            addToken(
                rows, row, it->second,
                QStringLiteral("%1.auth-provider.config.id-token in %2").arg(entry, user.origin));
        }
    }
}

} // namespace

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::ClientCertificate:
        return QStringLiteral("client-certificate");
    case Kind::CertificateAuthority:
        return QStringLiteral("certificate-authority");
    case Kind::Token:
        return QStringLiteral("token");
    case Kind::IdToken:
        return QStringLiteral("id-token");
    case Kind::ServingCertificate:
        return QStringLiteral("serving-certificate");
    case Kind::BootstrapToken:
        return QStringLiteral("bootstrap-token");
    }
    return {};
}

std::optional<QByteArray> readFromDisk(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

std::vector<Row> rowsOf(const Kubeconfig &config, const ReadFile &read)
{
    std::vector<Row> rows;
    for (const auto &[name, context] : config.contexts) {
        Row base;
        base.context = name;
        base.cluster = context.cluster;
        base.user = context.user;
        if (const auto cluster = config.clusters.find(context.cluster);
            cluster != config.clusters.end()) {
            Row row = base;
            row.kind = Kind::CertificateAuthority;
            if (const auto found =
                    fileOrField(cluster->second.certificateAuthorityData,
                                cluster->second.certificateAuthority, "certificate-authority-data",
                                QStringLiteral("clusters[%1]").arg(context.cluster),
                                cluster->second.origin, read))
                addCertificates(rows, row, *found, true);
        }
        if (const auto user = config.users.find(context.user); user != config.users.end())
            addUser(rows, base, context.user, user->second, read);
    }
    sortBySoonest(rows);
    return rows;
}

void sortBySoonest(std::vector<Row> &rows)
{
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        if (a.notAfter != b.notAfter)
            return a.notAfter < b.notAfter;
        if (a.context != b.context)
            return a.context < b.context;
        return a.kind < b.kind;
    });
}

std::optional<TokenClaims> jwtClaims(const QString &token)
{
    const QStringList parts = token.split(QLatin1Char('.'));
    if (parts.size() != 3)
        return std::nullopt;
    const QByteArray payload = QByteArray::fromBase64(
        parts.at(1).toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QJsonObject claims = QJsonDocument::fromJson(payload).object();
    const QJsonValue exp = claims.value(QStringLiteral("exp"));
    if (!exp.isDouble())
        return std::nullopt;
    TokenClaims found;
    found.expires = QDateTime::fromSecsSinceEpoch(qint64(exp.toDouble()), Qt::UTC);
    found.subject = claims.value(QStringLiteral("sub")).toString();
    if (found.subject.isEmpty())
        found.subject = claims.value(QStringLiteral("email")).toString();
    return found;
}

Urgency urgencyOf(const QDateTime &notAfter, const QDateTime &now)
{
    // In seconds, not calendar days: the same answer in every time zone, across a leap day or a
    // change to summer time.
    const qint64 left = now.secsTo(notAfter);
    if (left <= 0)
        return Urgency::Expired;
    if (left < 7 * 86400)
        return Urgency::WithinAWeek;
    if (left < 30 * 86400)
        return Urgency::WithinAMonth;
    return Urgency::Later;
}

QString timeLeft(const QDateTime &notAfter, const QDateTime &now)
{
    const qint64 left = now.secsTo(notAfter);
    return left <= 0 ? QCoreApplication::translate("kubestrap::expiry", "expired %1 ago")
                           .arg(shortHumanDuration(-left))
                     : QCoreApplication::translate("kubestrap::expiry", "in %1")
                           .arg(shortHumanDuration(left));
}

QString rfc3339(const QDateTime &instant)
{
    return instant.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss")) + QLatin1Char('Z');
}

} // namespace kubestrap::expiry
