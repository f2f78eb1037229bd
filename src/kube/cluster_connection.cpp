#include "cluster_connection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>

#include "auth_provider.h"
#include "kubeconfig_view.h"
#include "user_agent.h"

#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::ClusterConnection", text);
}

// `data` when set, else the file at `path` (relative to the kubeconfig that named it).
Result<QByteArray> fileOrData(const QByteArray &data, const QString &path, const QString &origin,
                              const QString &what)
{
    if (!data.isEmpty() || path.isEmpty())
        return data;
    const QString absolute = resolveKubeconfigPath(path, origin);
    QFile file(absolute);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("cannot read the %1 file %2: %3").arg(what, absolute, file.errorString()));
    return file.readAll();
}

Result<QNetworkProxy> proxyFor(const QString &url)
{
    if (url.isEmpty())
        return QNetworkProxy(QNetworkProxy::DefaultProxy);
    const QUrl proxy(url);
    const QString scheme = proxy.scheme();
    QNetworkProxy::ProxyType type = QNetworkProxy::HttpProxy;
    if (scheme == QLatin1String("socks5"))
        type = QNetworkProxy::Socks5Proxy;
    else if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return fail(tr("proxy-url %1: only http, https and socks5 proxies are supported").arg(url));
    return QNetworkProxy(type, proxy.host(),
                         quint16(proxy.port(type == QNetworkProxy::Socks5Proxy ? 1080 : 3128)),
                         proxy.userName(), proxy.password());
}

// A PEM private key of any type Qt's OpenSSL backend reads: RSA, EC; others are named.
Result<QSslKey> privateKey(const QByteArray &pem)
{
    for (const auto algorithm : {QSsl::Rsa, QSsl::Ec}) {
        const QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return fail(tr("the client key is not an RSA or ECDSA PEM key (Ed25519 client keys are not "
                   "supported yet)"));
}

} // namespace

// The server, its CA (only it is trusted, not the system's, as client-go does) and the proxy.
Result<void> ClusterConnection::useCluster(const QString &name, const KubeconfigCluster &cluster)
{
    serverUrl = QUrl(cluster.server);
    if (!serverUrl.isValid() || serverUrl.host().isEmpty())
        return fail(tr("cluster '%1' has no usable server URL ('%2')").arg(name, cluster.server));
    tls = QSslConfiguration::defaultConfiguration();
    insecure = cluster.insecureSkipTlsVerify;
    tlsServerName = cluster.tlsServerName;
    if (insecure) {
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    } else {
        const auto ca = fileOrData(cluster.certificateAuthorityData, cluster.certificateAuthority,
                                   cluster.origin, tr("certificate-authority"));
        if (!ca)
            return fail(tr("cluster '%1': %2").arg(name, ca.error().message));
        caPem = *ca;
        if (!ca->isEmpty()) {
            const QList<QSslCertificate> authorities = QSslCertificate::fromData(*ca, QSsl::Pem);
            if (authorities.isEmpty())
                return fail(tr("cluster '%1': the certificate authority holds no PEM certificate")
                                .arg(name));
            tls.setCaCertificates(authorities);
        }
    }
    auto proxy = proxyFor(cluster.proxyUrl);
    if (!proxy)
        return unexpected(proxy.error());
    networkProxy = *proxy;
    return {};
}

Result<void> ClusterConnection::useClientCertificate(const QString &name,
                                                     const KubeconfigUser &user)
{
    const auto certificate = fileOrData(user.clientCertificateData, user.clientCertificate,
                                        user.origin, tr("client-certificate"));
    const auto key = fileOrData(user.clientKeyData, user.clientKey, user.origin, tr("client-key"));
    if (!certificate || !key)
        return fail(tr("user '%1': %2")
                        .arg(name, (certificate ? key.error() : certificate.error()).message));
    if (certificate->isEmpty())
        return {};
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificate, QSsl::Pem);
    auto privateKeyResult = privateKey(*key);
    if (chain.isEmpty())
        return fail(tr("user '%1': the client certificate holds no PEM certificate").arg(name));
    if (!privateKeyResult)
        return fail(tr("user '%1': %2").arg(name, privateKeyResult.error().message));
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(*privateKeyResult);
    return {};
}

Result<void> ClusterConnection::useImpersonation(const QString &name, const KubeconfigUser &user)
{
    if (!user.impersonate.isEmpty())
        impersonation.append({"Impersonate-User", user.impersonate.toUtf8()});
    for (const QString &group : user.impersonateGroups)
        impersonation.append({"Impersonate-Group", group.toUtf8()});
    if (!user.impersonateUid.isEmpty())
        impersonation.append({"Impersonate-Uid", user.impersonateUid.toUtf8()});
    for (const auto &[key, values] : user.impersonateUserExtra) {
        for (const QString &value : values.value_or(QStringList()))
            impersonation.append(
                {"Impersonate-Extra-" + QUrl::toPercentEncoding(key), value.toUtf8()});
    }
    for (const auto &[header, value] : impersonation) {
        // A line break would end the header and start another the user did not write.
        if (value.contains('\r') || value.contains('\n'))
            return fail(tr("user '%1' impersonates with a value that holds a line break (%2)")
                            .arg(name, QString::fromLatin1(header)));
    }
    return {};
}

// The credentials of `user`: exec plugin, auth provider, client certificate, token, basic auth,
// impersonation.
Result<void> ClusterConnection::useUser(const QString &name, const KubeconfigUser &user)
{
    exec = user.exec;
    // As client-go: a relative command with a path separator ("./bin/plugin") is found from the
    // folder of the kubeconfig that names it; a bare name is looked up on PATH.
    if (exec && exec->command.contains(QLatin1Char('/')))
        exec->command = resolveKubeconfigPath(exec->command, user.origin);
    if (user.authProvider) {
        const auto token = authProviderToken(name, *user.authProvider);
        if (!token)
            return unexpected(token.error());
        bearerToken = *token;
    }
    if (const auto used = useClientCertificate(name, user); !used)
        return used;
    if (!user.token.isEmpty())
        bearerToken = user.token.toUtf8();
    tokenFile =
        user.tokenFile.isEmpty() ? QString() : resolveKubeconfigPath(user.tokenFile, user.origin);
    if (!user.username.isEmpty())
        basicAuth =
            "Basic " + (user.username + QLatin1Char(':') + user.password).toUtf8().toBase64();
    return useImpersonation(name, user);
}

Result<ClusterConnection> ClusterConnection::fromKubeconfig(const Kubeconfig &config,
                                                            const QString &contextName)
{
    const auto contextIt = config.contexts.find(contextName);
    if (contextIt == config.contexts.end())
        return fail(tr("context '%1' does not exist in the kubeconfig").arg(contextName));
    const KubeconfigContext &context = contextIt->second;
    const auto clusterIt = config.clusters.find(context.cluster);
    if (clusterIt == config.clusters.end())
        return fail(tr("context '%1' names cluster '%2', which no kubeconfig file defines")
                        .arg(contextName, context.cluster));

    ClusterConnection c;
    c.context = contextName;
    if (const auto used = c.useCluster(context.cluster, clusterIt->second); !used)
        return unexpected(used.error());
    if (context.user.isEmpty())
        return c;
    const auto userIt = config.users.find(context.user);
    if (userIt == config.users.end())
        return fail(tr("context '%1' names user '%2', which no kubeconfig file defines")
                        .arg(contextName, context.user));
    if (const auto used = c.useUser(context.user, userIt->second); !used)
        return unexpected(used.error());
    return c;
}

Result<QNetworkRequest> ClusterConnection::request(const QString &pathAndQuery,
                                                   const ExecCredential *credential) const
{
    QUrl url = serverUrl;
    const qsizetype query = pathAndQuery.indexOf(QLatin1Char('?'));
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + (query < 0 ? pathAndQuery : pathAndQuery.left(query)));
    if (query >= 0)
        url.setQuery(pathAndQuery.mid(query + 1));
    QNetworkRequest request(url);
    // HTTP/1.1 only. Qt 6.4 negotiates HTTP/2 with kube-apiserver, and there, after a 401 answer
    // (an expired or revoked credential), the next request on the connection is never sent: a
    // renewed exec credential would wait for its timeout. tests/integration's exec plugin and
    // API client tests show it on a real server.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    // Qt refuses a gzipped answer that inflates more than 40 times past 10 MB, against zip bombs.
    // kube-apiserver gzips large answers, and an unpaged list of 50,000 similar RoleBindings
    // inflates further than that: it would fail as "Decompression failed". The server is the one
    // TLS vouched for.
    request.setDecompressedSafetyCheckThreshold(-1);
    request.setSslConfiguration(tls);
    if (!tlsServerName.isEmpty())
        request.setPeerVerifyName(tlsServerName);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", userAgent(QStringLiteral("kubestrap")));
    if (credential && !credential->clientCertificatePem.isEmpty()) {
        QSslConfiguration withCertificate = tls;
        withCertificate.setLocalCertificateChain(
            QSslCertificate::fromData(credential->clientCertificatePem, QSsl::Pem));
        auto key = privateKey(credential->clientKeyPem);
        if (!key)
            return fail(tr("the exec plugin's client key: %1").arg(key.error().message));
        withCertificate.setPrivateKey(*key);
        request.setSslConfiguration(withCertificate);
    }
    QByteArray token = credential ? credential->token : bearerToken;
    if (token.isEmpty() && !tokenFile.isEmpty()) {
        QFile file(tokenFile);
        if (!file.open(QIODevice::ReadOnly))
            return fail(tr("cannot read the token file %1: %2").arg(tokenFile, file.errorString()));
        token = file.readAll().trimmed();
    }
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    else if (!basicAuth.isEmpty())
        request.setRawHeader("Authorization", basicAuth);
    // The API server takes several groups (or extra values) as repeated header lines, and reads
    // a comma-joined value as one name. QNetworkRequest keeps one value per name, and Qt 6.4
    // writes it as given: the later values go in as continued lines of HTTP/1.1 (HTTP/2 would
    // carry the line breaks inside one value).
    QList<QByteArray> names;
    QMap<QByteArray, QByteArray> folded;
    for (const auto &[name, value] : impersonation) {
        if (!folded.contains(name)) {
            names << name;
            folded.insert(name, value);
        } else {
            folded[name] += "\r\n" + name + ": " + value;
        }
    }
    for (const QByteArray &name : names)
        request.setRawHeader(name, folded.value(name));
    return request;
}

ClusterConnection ClusterConnection::withBearerTokenOnly(const QByteArray &token) const
{
    ClusterConnection c = *this;
    c.tls.setLocalCertificateChain({});
    c.tls.setPrivateKey(QSslKey());
    c.bearerToken = token;
    c.tokenFile.clear();
    c.basicAuth.clear();
    c.impersonation.clear();
    c.exec.reset();
    return c;
}

ClusterConnection::ClaimedUser ClusterConnection::claimedUser() const
{
    ClaimedUser claimed;
    for (const auto &[name, value] : impersonation) {
        if (name == "Impersonate-User")
            claimed.name = QString::fromUtf8(value);
        else if (name == "Impersonate-Group")
            claimed.groups << QString::fromUtf8(value);
    }
    if (!claimed.name.isEmpty()) {
        claimed.how = tr("the impersonation settings (as, as-groups)");
        return claimed;
    }
    if (const QSslCertificate certificate = tls.localCertificate(); !certificate.isNull()) {
        // As the API server's x509 authenticator: CN is the user, each O a group.
        claimed.name = certificate.subjectInfo(QSslCertificate::CommonName).value(0);
        claimed.groups = certificate.subjectInfo(QSslCertificate::Organization);
        claimed.how = tr("the client certificate's subject");
        return claimed;
    }
    QByteArray token = bearerToken;
    if (!tokenFile.isEmpty()) {
        QFile file(tokenFile);
        if (file.open(QIODevice::ReadOnly))
            token = file.readAll().trimmed();
    }
    static const QRegularExpression bootstrap(QStringLiteral("^([a-z0-9]{6})\\.[a-z0-9]{16}$"));
    if (const auto match = bootstrap.match(QString::fromLatin1(token)); match.hasMatch()) {
        claimed.name = QStringLiteral("system:bootstrap:") + match.captured(1);
        claimed.groups << QStringLiteral("system:bootstrappers");
        claimed.how = tr("the bootstrap token's id");
        return claimed;
    }
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() == 3) {
        const QJsonObject claims =
            QJsonDocument::fromJson(
                QByteArray::fromBase64(parts.at(1), QByteArray::Base64UrlEncoding))
                .object();
        claimed.name = claims.value(QStringLiteral("sub")).toString();
        if (!claimed.name.isEmpty())
            claimed.how = tr("the token's subject (sub)");
    }
    return claimed;
}

} // namespace kubestrap
