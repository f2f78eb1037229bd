#include "sandbox_pki.h"

#include "atomic_file.h"
#include "x509.h"

#include <QDir>
#include <QFile>

namespace kubestrap::sandbox {

namespace {

Result<SandboxPki> create()
{
    SandboxPki pki;
    auto caKey = x509::generatePrivateKey();
    if (!caKey)
        return unexpected(caKey.error());
    x509::CertificateProfile ca;
    ca.commonName = QStringLiteral("kubestrap-sandbox-ca");
    ca.certificateAuthority = true;
    ca.validity = std::chrono::hours(24 * 365 * 10);
    auto caCertificate = x509::selfSign(*caKey, ca);
    if (!caCertificate)
        return unexpected(caCertificate.error());

    auto serverKey = x509::generatePrivateKey();
    if (!serverKey)
        return unexpected(serverKey.error());
    x509::CertificateProfile server;
    server.commonName = QStringLiteral("kube-apiserver");
    server.dnsNames = {QStringLiteral("localhost"), QStringLiteral("kubernetes"),
                       QStringLiteral("kubernetes.default")};
    server.ipAddresses = {QStringLiteral("127.0.0.1")};
    server.serverAuth = true;
    auto serverCertificate = x509::issue(*serverKey, server, *caCertificate, *caKey);
    if (!serverCertificate)
        return unexpected(serverCertificate.error());
    auto serviceAccountKey = x509::generatePrivateKey(x509::KeyType::Rsa2048);
    if (!serviceAccountKey)
        return unexpected(serviceAccountKey.error());
    return SandboxPki{*caCertificate, *caKey, *serverCertificate, *serverKey, *serviceAccountKey};
}

struct PkiFile {
    const char *name;
    QByteArray SandboxPki::*field;
};

constexpr PkiFile kFiles[] = {{"ca.crt", &SandboxPki::caCertificate},
                              {"ca.key", &SandboxPki::caKey},
                              {"server.crt", &SandboxPki::serverCertificate},
                              {"server.key", &SandboxPki::serverKey},
                              {"sa.key", &SandboxPki::serviceAccountKey}};

} // namespace

Result<SandboxPki> SandboxPki::loadOrCreate(const QString &stateDir)
{
    if (stateDir.isEmpty())
        return create();
    const QDir pkiDir(QDir(stateDir).filePath(QStringLiteral("pki")));
    SandboxPki pki;
    bool complete = true;
    for (const PkiFile &file : kFiles) {
        QFile stored(pkiDir.filePath(QLatin1String(file.name)));
        complete = complete && stored.open(QIODevice::ReadOnly);
        if (complete)
            pki.*file.field = stored.readAll();
    }
    if (complete)
        return pki;
    auto created = create();
    if (!created)
        return created;
    for (const PkiFile &file : kFiles) {
        FileWriteOptions options;
        options.keepBackup = false;
        if (auto written = writeFileAtomically(pkiDir.filePath(QLatin1String(file.name)),
                                               (*created).*file.field, options);
            !written)
            return unexpected(written.error());
    }
    return created;
}

Result<std::pair<QByteArray, QByteArray>> SandboxPki::issueClient(const QString &user,
                                                                  const QStringList &groups) const
{
    auto key = x509::generatePrivateKey();
    if (!key)
        return unexpected(key.error());
    x509::CertificateProfile client;
    client.commonName = user;
    client.organizations = groups;
    client.clientAuth = true;
    auto certificate = x509::issue(*key, client, caCertificate, caKey);
    if (!certificate)
        return unexpected(certificate.error());
    return std::pair{*certificate, *key};
}

} // namespace kubestrap::sandbox
