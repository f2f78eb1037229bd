#include "test_files.h"
#include "x509.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;

namespace {

// Runs the openssl command line, the independent check on what we make.
QByteArray opensslCli(const QStringList &args, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral("openssl"), args);
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished();
    return process.readAllStandardOutput() + process.readAllStandardError();
}

} // namespace

class TestX509 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void issuesCertificatesThatOpensslVerifies_data()
    {
        QTest::addColumn<int>("keyType");
        QTest::newRow("ecdsa") << int(x509::KeyType::EcdsaP256);
        QTest::newRow("rsa") << int(x509::KeyType::Rsa2048);
        QTest::newRow("ed25519") << int(x509::KeyType::Ed25519);
    }

    void issuesCertificatesThatOpensslVerifies()
    {
        QFETCH(int, keyType);
        const auto caKey = x509::generatePrivateKey(x509::KeyType(keyType));
        QVERIFY(caKey);
        x509::CertificateProfile caProfile;
        caProfile.commonName = QStringLiteral("test-ca");
        caProfile.certificateAuthority = true;
        const auto ca = x509::selfSign(*caKey, caProfile);
        QVERIFY2(ca, ca ? "" : qPrintable(ca.error().message + ca.error().detail));

        const auto clientKey = x509::generatePrivateKey();
        x509::CertificateProfile client;
        client.commonName = QStringLiteral("ada");
        client.organizations = {QStringLiteral("system:masters"), QStringLiteral("ops")};
        client.clientAuth = true;
        client.validity = std::chrono::hours(1);
        const auto issued = x509::issue(*clientKey, client, *ca, *caKey);
        QVERIFY(issued);

        QTemporaryDir dir;
        QVERIFY(test::writeFile(dir.filePath(QStringLiteral("ca.crt")), *ca));
        QVERIFY(test::writeFile(dir.filePath(QStringLiteral("client.crt")), *issued));
        const QByteArray verdict = opensslCli({QStringLiteral("verify"), QStringLiteral("-CAfile"),
                                               dir.filePath(QStringLiteral("ca.crt")),
                                               dir.filePath(QStringLiteral("client.crt"))});
        QVERIFY2(verdict.contains("client.crt: OK"), verdict.constData());

        const auto info = x509::inspect(*issued);
        QVERIFY(info);
        QCOMPARE(info->commonName, QStringLiteral("ada"));
        QCOMPARE(info->organizations,
                 (QStringList{QStringLiteral("system:masters"), QStringLiteral("ops")}));
        QCOMPARE(info->issuerCommonName, QStringLiteral("test-ca"));
        QVERIFY(!info->certificateAuthority);
        const qint64 lifetime = info->notBefore.secsTo(info->notAfter);
        QVERIFY2(lifetime >= 3600 && lifetime <= 3660, qPrintable(QString::number(lifetime)));
        QVERIFY(x509::inspect(*ca)->certificateAuthority);
    }

    void serverCertificateNamesItsAddresses()
    {
        const auto key = x509::generatePrivateKey();
        x509::CertificateProfile server;
        server.commonName = QStringLiteral("kube-apiserver");
        server.dnsNames = {QStringLiteral("localhost"), QStringLiteral("kubernetes.default")};
        server.ipAddresses = {QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
        server.serverAuth = true;
        const auto certificate = x509::selfSign(*key, server);
        QVERIFY(certificate);
        const auto info = x509::inspect(*certificate);
        QCOMPARE(info->dnsNames, server.dnsNames);
        QCOMPARE(info->ipAddresses, server.ipAddresses);
    }

    void pinMatchesKubeadmsRecipe()
    {
        const auto key = x509::generatePrivateKey(x509::KeyType::Rsa2048);
        x509::CertificateProfile profile;
        profile.commonName = QStringLiteral("kubernetes");
        profile.certificateAuthority = true;
        const auto ca = x509::selfSign(*key, profile);
        QVERIFY(ca);
        // kubeadm's documentation: openssl x509 -pubkey | openssl rsa -pubin -outform der |
        // sha256sum
        const QByteArray publicKey = opensslCli(
            {QStringLiteral("x509"), QStringLiteral("-pubkey"), QStringLiteral("-noout")}, *ca);
        const QByteArray der = opensslCli({QStringLiteral("pkey"), QStringLiteral("-pubin"),
                                           QStringLiteral("-outform"), QStringLiteral("der")},
                                          publicKey);
        const QString expected =
            QStringLiteral("sha256:")
            + QString::fromLatin1(
                QCryptographicHash::hash(der, QCryptographicHash::Sha256).toHex());
        QCOMPARE(*x509::publicKeyPin(*ca), expected);
    }

    void certificateRequestsRoundTripThroughASigner()
    {
        const auto caKey = x509::generatePrivateKey();
        x509::CertificateProfile caProfile;
        caProfile.commonName = QStringLiteral("signer");
        caProfile.certificateAuthority = true;
        const auto ca = x509::selfSign(*caKey, caProfile);

        const auto nodeKey = x509::generatePrivateKey(x509::KeyType::Rsa2048);
        x509::CertificateProfile node;
        node.commonName = QStringLiteral("system:node:worker-1");
        node.organizations = {QStringLiteral("system:nodes")};
        node.dnsNames = {QStringLiteral("worker-1")};
        node.ipAddresses = {QStringLiteral("10.0.0.7")};
        const auto request = x509::createRequest(*nodeKey, node);
        QVERIFY(request);
        QVERIFY(
            opensslCli({QStringLiteral("req"), QStringLiteral("-noout"), QStringLiteral("-verify")},
                       *request)
                .contains("verify OK"));

        const auto info = x509::inspectRequest(*request);
        QVERIFY(info);
        QCOMPARE(info->commonName, node.commonName);
        QCOMPARE(info->organizations, node.organizations);
        QCOMPARE(info->dnsNames, node.dnsNames);
        QCOMPARE(info->ipAddresses, node.ipAddresses);
        QCOMPARE(info->keyType, QStringLiteral("RSA 2048"));

        x509::CertificateProfile use;
        use.clientAuth = true;
        use.validity = std::chrono::hours(2);
        const auto signedCertificate = x509::signRequest(*request, use, *ca, *caKey);
        QVERIFY(signedCertificate);
        const auto issued = x509::inspect(*signedCertificate);
        QCOMPARE(issued->commonName, node.commonName);
        QCOMPARE(issued->issuerCommonName, QStringLiteral("signer"));
        QCOMPARE(issued->dnsNames, node.dnsNames);
    }

    void tamperedRequestsAreRefused()
    {
        const auto key = x509::generatePrivateKey();
        x509::CertificateProfile profile;
        profile.commonName = QStringLiteral("alice");
        QByteArray request = *x509::createRequest(*key, profile);
        // Flip one byte inside the base64 body: the signature no longer covers what is there.
        const qsizetype at = request.indexOf('\n') + 40;
        request[at] = request[at] == 'A' ? 'B' : 'A';
        QVERIFY(!x509::inspectRequest(request));
        QVERIFY(!x509::inspectRequest("not a request"));
    }

    void refusesWhatIsNotACertificate()
    {
        const auto info =
            x509::inspect("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n");
        QVERIFY(!info);
        QVERIFY(info.error().message.contains(QStringLiteral("not an X.509 certificate")));
    }
};

QTEST_GUILESS_MAIN(TestX509)
#include "test_x509.moc"
