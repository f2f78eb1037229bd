#include "api_paths.h"
#include "bootstrap_token.h"
#include "cli_runner.h"
#include "cluster_client.h"
#include "kubeconfig_expiry.h"
#include "test_cluster.h"
#include "x509.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

using namespace kubestrap;
using kubestrap::test::TestCluster;

// `kubestrap-cli kubeconfig expiry --probe` asks the cluster what the kubeconfig cannot say: the
// serving certificate (checked against what openssl s_client is shown), a bootstrap token's
// expiration, and the certificate issued for a request the admin made, each to the second.
class TestExpiryProbe : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<ApiClient> admin;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        admin = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(admin, qPrintable(error));
    }

    void theClusterSaysWhatExpiresThere()
    {
        // A token that lasts five hours.
        auto token = BootstrapToken::parse(TestCluster::uniqueTokenId('p')
                                           + QStringLiteral(".0123456789abcdef"));
        QVERIFY(token);
        token->expiration =
            QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch() + 5 * 3600, Qt::UTC);
        QVERIFY(waitFor([&](ApiClient::Callback done) {
            admin->create(paths::secrets(QStringLiteral("kube-system")), token->toSecret(), done);
        }));
        cluster->deleteAtEnd(paths::tokenSecret(token->id));

        // A request the admin sent, approved and issued.
        const auto key = x509::generatePrivateKey();
        x509::CertificateProfile subject;
        subject.commonName = QStringLiteral("probe-me");
        const auto request = x509::createRequest(*key, subject);
        QVERIFY(request);
        const QString name = TestCluster::uniqueName(QStringLiteral("probe"));
        QVERIFY(waitFor([&](ApiClient::Callback done) {
            admin->create(
                paths::certificateSigningRequests(),
                QJsonObject{
                    {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
                    {QStringLiteral("spec"),
                     QJsonObject{
                         {QStringLiteral("request"), QString::fromLatin1(request->toBase64())},
                         {QStringLiteral("signerName"),
                          QStringLiteral("kubernetes.io/kube-apiserver-client")},
                         {QStringLiteral("expirationSeconds"), 3600},
                         {QStringLiteral("usages"), QJsonArray{QStringLiteral("client auth")}}}}},
                done);
        }));
        const QString path = paths::certificateSigningRequests() + QLatin1Char('/') + name;
        cluster->deleteAtEnd(path);
        const auto read = [&] {
            const auto answer = waitFor([&](ApiClient::Callback done) { admin->get(path, done); });
            return answer ? *answer : QJsonObject();
        };
        QJsonObject csr = read();
        csr.insert(QStringLiteral("status"),
                   QJsonObject{{QStringLiteral("conditions"),
                                QJsonArray{QJsonObject{
                                    {QStringLiteral("type"), QStringLiteral("Approved")},
                                    {QStringLiteral("status"), QStringLiteral("True")},
                                    {QStringLiteral("reason"), QStringLiteral("Test")},
                                    {QStringLiteral("message"), QStringLiteral("probe")}}}}});
        QVERIFY(waitFor([&](ApiClient::Callback done) {
            admin->update(path + QStringLiteral("/approval"), csr, done);
        }));
        QByteArray issued;
        QTRY_VERIFY_WITH_TIMEOUT(
            !(issued = QByteArray::fromBase64(read()
                                                  .value(QStringLiteral("status"))
                                                  .toObject()
                                                  .value(QStringLiteral("certificate"))
                                                  .toString()
                                                  .toLatin1()))
                 .isEmpty(),
            30000);
        const QString issuedUntil = expiry::rfc3339(x509::inspect(issued)->notAfter);

        const auto result =
            test::runCli({QStringLiteral("--kubeconfig"), cluster->adminKubeconfig(),
                          QStringLiteral("kubeconfig"), QStringLiteral("expiry"),
                          QStringLiteral("--probe"), QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(result.code, 0);
        const QJsonArray rows = QJsonDocument::fromJson(result.out.toUtf8()).array();
        QJsonObject tokenRow;
        QJsonObject issuedRow;
        QJsonObject servingRow;
        for (const QJsonValue &value : rows) {
            const QJsonObject row = value.toObject();
            const QString kind = row.value(QStringLiteral("kind")).toString();
            if (kind == QLatin1String("bootstrap-token")
                && row.value(QStringLiteral("subject")).toString() == token->id)
                tokenRow = row;
            if (row.value(QStringLiteral("source")).toString()
                == QStringLiteral("certificatesigningrequests/") + name)
                issuedRow = row;
            if (kind == QLatin1String("serving-certificate"))
                servingRow = row;
        }
        QCOMPARE(tokenRow.value(QStringLiteral("notAfter")).toString(),
                 expiry::rfc3339(*token->expiration));
        QCOMPARE(issuedRow.value(QStringLiteral("kind")).toString(),
                 QStringLiteral("client-certificate"));
        QCOMPARE(issuedRow.value(QStringLiteral("notAfter")).toString(), issuedUntil);
        QVERIFY(!servingRow.isEmpty());

        // The serving certificate's end, as openssl is shown it.
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed: the serving certificate is not cross-checked");
        const QUrl server(cluster->url());
        QProcess shell;
        shell.start(QStringLiteral("sh"),
                    {QStringLiteral("-c"),
                     QStringLiteral("openssl s_client -connect %1:%2 </dev/null 2>/dev/null | "
                                    "openssl x509 -noout -enddate")
                         .arg(server.host())
                         .arg(server.port())});
        QVERIFY(shell.waitForFinished(30000));
        const QString line = QString::fromLatin1(shell.readAllStandardOutput()).trimmed();
        QDateTime end = QLocale::c().toDateTime(line.section(QLatin1Char('='), 1).simplified(),
                                                QStringLiteral("MMM d HH:mm:ss yyyy 'GMT'"));
        end.setTimeSpec(Qt::UTC);
        QCOMPARE(servingRow.value(QStringLiteral("notAfter")).toString(), expiry::rfc3339(end));
    }
};

QTEST_MAIN(TestExpiryProbe)
#include "test_expiry_probe.moc"
