#include "cluster_info_panel.h"
#include "cluster_session.h"
#include "isolated_settings.h"
#include "session_on.h"
#include "test_cluster.h"
#include "x509.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>
#include <QTreeWidget>

using namespace kubestrap;
using kubestrap::test::TestCluster;

namespace {

QStringList signatureStates(const ClusterInfoPanel &panel)
{
    const auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("signatures"));
    QStringList states;
    for (int row = 0; row < tree->topLevelItemCount(); ++row)
        states << tree->topLevelItem(row)->text(1);
    return states;
}

QString text(const QWidget &panel, const char *name)
{
    return panel.findChild<QLabel *>(QLatin1String(name))->text();
}

} // namespace

// The Cluster info panel against sandboxes: what a joining node would find, and setting it.
class TestClusterInfoPanel : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;

private Q_SLOTS:
    void showsWhatANodeFindsAndSetsIt()
    {
        QString error;
        auto cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                          {QStringLiteral("--demo")});
        QVERIFY2(cluster, qPrintable(error));
        auto on = test::SessionOn::connect(cluster->adminKubeconfig(), &error);
        QVERIFY2(on, qPrintable(error));
        ClusterSession &session = *on->session;
        ClusterInfoPanel panel(&session);
        panel.resize(1000, 640);
        panel.show();
        QTRY_COMPARE_WITH_TIMEOUT(text(panel, "server"), cluster->url(), 10000);
        const QByteArray ca = session.client()->connection().certificateAuthorityPem();
        QCOMPARE(text(panel, "pin"), *x509::publicKeyPin(ca));
        const QString authority = x509::inspect(x509::certificatesIn(ca).first())->commonName;
        QVERIFY2(text(panel, "ca").startsWith(authority + QStringLiteral(" · ")),
                 qPrintable(text(panel, "ca")));
        QVERIFY(text(panel, "ca").contains(QStringLiteral(" · a CA")));
        // One signature for each token that may sign: the demo's two, and any others'.
        const auto allVerify = [&] {
            const QStringList states = signatureStates(panel);
            return states.size() >= 2
                   && states.count(QStringLiteral("✓ verifies")) == states.size();
        };
        QTRY_VERIFY_WITH_TIMEOUT(allVerify(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(text(panel, "anonymousRead").startsWith(QStringLiteral("✓ yes")),
                                 10000);
        QVERIFY(panel.findChild<QPlainTextEdit *>()->toPlainText().contains(
            QStringLiteral("  name: \"\"")));
        const QString dir = qEnvironmentVariable("KUBESTRAP_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QTest::qWait(200);
            panel.grab().save(dir + QStringLiteral("/cluster-info.png"));
        }

        // Nodes will reach the API server through a load balancer: say so in cluster-info.
        panel.setClusterInfo(QStringLiteral("https://api.example.internal:6443"), ca);
        QTRY_COMPARE_WITH_TIMEOUT(text(panel, "server"),
                                  QStringLiteral("https://api.example.internal:6443"), 10000);
        // The BootstrapSigner signs the new content again.
        QTRY_VERIFY_WITH_TIMEOUT(allVerify(), 15000);
    }

    void saysWhenThereIsNone()
    {
        QString error;
        auto cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        QVERIFY(cluster->removeUntilEnd(
            QStringLiteral("/api/v1/namespaces/kube-public/configmaps/cluster-info")));
        auto on = test::SessionOn::connect(cluster->adminKubeconfig(), &error);
        QVERIFY2(on, qPrintable(error));
        ClusterSession &session = *on->session;
        ClusterInfoPanel panel(&session);
        QTRY_VERIFY_WITH_TIMEOUT(
            text(panel, "server").startsWith(QStringLiteral("There is no cluster-info")), 15000);
    }
};

QTEST_MAIN(TestClusterInfoPanel)
#include "test_cluster_info_panel.moc"
