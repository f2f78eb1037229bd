#include "api_client.h"
#include "api_paths.h"
#include "cli_runner.h"
#include "cluster_client.h"
#include "test_cluster.h"
#include "test_files.h"
#include "x509.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::runCli;
using kubestrap::test::TestCluster;

// `cluster-info show|verify` against demo sandboxes: a healthy one, then each way it breaks.
class TestClusterInfoCommands : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestCluster> cluster;

    static test::CliResult cli(const TestCluster &on, const QString &command)
    {
        return runCli({QStringLiteral("--kubeconfig"), on.adminKubeconfig(),
                       QStringLiteral("cluster-info"), command});
    }

    // Changes cluster-info's data on `on` with a merge patch.
    static void patchData(const TestCluster &on, const QJsonObject &data)
    {
        auto client = test::clientFor(on.adminKubeconfig());
        const auto patched = waitFor([&](ApiClient::Callback done) {
            client->patch(paths::clusterInfo(), QJsonObject{{QStringLiteral("data"), data}}, done);
        });
        QVERIFY2(patched, patched ? "" : qPrintable(patched.error().message));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        // Without the TokenCleaner, so that a tampered signature is not re-signed away either.
        cluster = TestCluster::start(
            QStringLiteral(KUBESTRAP_SANDBOX), &error,
            {QStringLiteral("--demo"), QStringLiteral("--controllers=*,-tokencleaner")});
        QVERIFY2(cluster, qPrintable(error));
    }

    void aHealthyClusterInfoVerifies()
    {
        QTRY_VERIFY_WITH_TIMEOUT(cli(*cluster, QStringLiteral("verify")).code == 0, 10000);
        const auto verified = cli(*cluster, QStringLiteral("verify"));
        QVERIFY2(
            verified.out.contains(QStringLiteral("ok       the CA is the one the API server's")),
            qPrintable(verified.out));
        // The demo's two signing tokens, and any others the cluster has, all verify.
        QVERIFY2(verified.out.count(QStringLiteral("verifies\n")) >= 2, qPrintable(verified.out));
        QVERIFY2(!verified.out.contains(QStringLiteral("problem")), qPrintable(verified.out));

        const auto shown = cli(*cluster, QStringLiteral("show"));
        QCOMPARE(shown.code, 0);
        QVERIFY2(shown.out.startsWith(QStringLiteral("Server      ") + cluster->url()
                                      + QLatin1Char('\n')),
                 qPrintable(shown.out));
        const auto ca = x509::inspect(x509::certificatesIn(cluster->caCertificate()).first());
        QVERIFY2(shown.out.contains(QStringLiteral("CA          CN=") + ca->commonName
                                    + QLatin1Char(',')),
                 qPrintable(shown.out));
        QVERIFY2(shown.out.contains(QStringLiteral(", a CA")), qPrintable(shown.out));
        QVERIFY2(shown.out.contains(QStringLiteral("  name: \"\"\n")), qPrintable(shown.out));
    }

    // cluster-info set: a dry run changes nothing, a new address keeps the CA and is signed
    // again by the BootstrapSigner, and only an https:// address is taken.
    void setPointsNodesElsewhereAndIsSignedAgain()
    {
        const auto shownJson = [&] {
            return QJsonDocument::fromJson(
                       runCli({QStringLiteral("--kubeconfig"), cluster->adminKubeconfig(),
                               QStringLiteral("cluster-info"), QStringLiteral("show"),
                               QStringLiteral("-o"), QStringLiteral("json")})
                           .out.toUtf8())
                .object();
        };
        const auto set = [&](const QStringList &args) {
            return runCli(QStringList{QStringLiteral("--kubeconfig"), cluster->adminKubeconfig(),
                                      QStringLiteral("cluster-info"), QStringLiteral("set")}
                          + args);
        };
        const QJsonObject before = shownJson();
        QCOMPARE(before.value(QStringLiteral("server")).toString(), cluster->url());
        const QString elsewhere = QStringLiteral("https://join.example.com:6443");
        QCOMPARE(set({QStringLiteral("--server"), elsewhere, QStringLiteral("--dry-run")}).code, 0);
        QCOMPARE(shownJson().value(QStringLiteral("server")).toString(), cluster->url());

        const auto moved = set({QStringLiteral("--server"), elsewhere});
        QVERIFY2(moved.code == 0, qPrintable(moved.err));
        const QJsonObject after = shownJson();
        QCOMPARE(after.value(QStringLiteral("server")).toString(), elsewhere);
        QCOMPARE(after.value(QStringLiteral("certificateAuthorities")),
                 before.value(QStringLiteral("certificateAuthorities")));
        QTRY_VERIFY_WITH_TIMEOUT(cli(*cluster, QStringLiteral("verify")).code == 0, 15000);

        const auto plain = set({QStringLiteral("--server"), QStringLiteral("http://join.example")});
        QCOMPARE(plain.code, 2);
        QVERIFY2(plain.err.contains(QStringLiteral("https://")), qPrintable(plain.err));
        QCOMPARE(set({QStringLiteral("--server"), cluster->url()}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(cli(*cluster, QStringLiteral("verify")).code == 0, 15000);
    }

    void aForeignCaIsCaught()
    {
        const auto key = x509::generatePrivateKey();
        x509::CertificateProfile profile;
        profile.commonName = QStringLiteral("impostor-ca");
        profile.certificateAuthority = true;
        const auto ca = x509::selfSign(*key, profile);
        QVERIFY(ca);
        const auto original = cli(*cluster, QStringLiteral("show"));
        patchData(*cluster,
                  QJsonObject{{QStringLiteral("kubeconfig"),
                               QString::fromUtf8(clusterInfoKubeconfig(cluster->url(), *ca))}});
        const auto verified = cli(*cluster, QStringLiteral("verify"));
        QCOMPARE(verified.code, 1);
        QVERIFY2(
            verified.out.contains(QStringLiteral("problem  the CA in cluster-info is not the one")),
            qPrintable(verified.out));
        // The old signatures do not cover the new kubeconfig either (until the signer catches up).
        QVERIFY2(verified.out.contains(QStringLiteral("problem  ")), qPrintable(verified.out));
    }

    void aMissingSignerIsInferred()
    {
        QString error;
        // A sandbox of its own: a cluster without the BootstrapSigner.
        auto unsigned_ = TestCluster::startSandbox(
            QStringLiteral(KUBESTRAP_SANDBOX), &error,
            {QStringLiteral("--demo"), QStringLiteral("--controllers=*,-bootstrapsigner")});
        QVERIFY2(unsigned_, qPrintable(error));
        const auto verified = cli(*unsigned_, QStringLiteral("verify"));
        QCOMPARE(verified.code, 1);
        QVERIFY2(
            verified.out.contains(QStringLiteral("the BootstrapSigner controller is not running")),
            qPrintable(verified.out));
        QVERIFY2(verified.out.contains(QStringLiteral("ok       the CA is the one")),
                 qPrintable(verified.out));
    }

    void noClusterInfoIsSaidPlainly()
    {
        QString error;
        auto empty = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(empty, qPrintable(error));
        QVERIFY(empty->removeUntilEnd(paths::clusterInfo()));
        const auto shown = cli(*empty, QStringLiteral("show"));
        QCOMPARE(shown.code, 1);
        QVERIFY2(shown.err.contains(QStringLiteral("there is no cluster-info in kube-public")),
                 qPrintable(shown.err));

        // Made again: a CA is needed, as there is none to keep.
        const QStringList set{QStringLiteral("--kubeconfig"), empty->adminKubeconfig(),
                              QStringLiteral("cluster-info"), QStringLiteral("set"),
                              QStringLiteral("--server"),     empty->url()};
        QCOMPARE(runCli(set).code, 2);
        QTemporaryDir dir;
        const QString ca = dir.filePath(QStringLiteral("ca.crt"));
        QVERIFY(test::writeFile(ca, empty->caCertificate()));
        const auto made = runCli(set + QStringList{QStringLiteral("--ca"), ca});
        QVERIFY2(made.code == 0, qPrintable(made.err));
        QVERIFY2(cli(*empty, QStringLiteral("show"))
                     .out.startsWith(QStringLiteral("Server      ") + empty->url()),
                 qPrintable(cli(*empty, QStringLiteral("show")).out));
    }
};

QTEST_GUILESS_MAIN(TestClusterInfoCommands)
#include "test_cluster_info_commands.moc"
