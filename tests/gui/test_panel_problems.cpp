#include "certificate_requests_panel.h"
#include "cluster_info_panel.h"
#include "cluster_session.h"
#include "isolated_settings.h"
#include "kubeconfig_sources.h"
#include "kubeconfig_store.h"
#include "rbac_panel.h"
#include "test_cluster.h"
#include "tokens_panel.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTest>

#include <functional>
#include <memory>

using namespace kubestrap;
using kubestrap::test::TestCluster;

namespace {

using PanelMaker = std::function<std::unique_ptr<QWidget>(ClusterSession *)>;

template <typename Panel>
PanelMaker maker()
{
    return [](ClusterSession *session) {
        return std::make_unique<Panel>(session);
    };
}

QString problemText(const QWidget &panel)
{
    const auto *banner = panel.findChild<QWidget *>(QStringLiteral("problem"));
    return banner->isVisibleTo(&panel) ? banner->findChild<QLabel *>()->text() : QString();
}

// `file` with `from` replaced by `to`, written next to it.
QString rewritten(const QString &file, const QString &from, const QString &to)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return {};
    const QString out = file + QStringLiteral(".changed");
    QFile changed(out);
    if (!changed.open(QIODevice::WriteOnly))
        return {};
    changed.write(QString::fromUtf8(in.readAll()).replace(from, to).toUtf8());
    return out;
}

} // namespace

Q_DECLARE_METATYPE(PanelMaker)

// Every panel that reads the cluster says inline why it cannot, in words that say what to do, and
// offers Retry: an unreachable server, a server whose certificate the kubeconfig's CA did not
// sign, a credential the server refuses.
class TestPanelProblems : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<TestCluster> other;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        // A sandbox of its own, whose CA did not sign the cluster's certificate.
        other = TestCluster::startSandbox(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(other, qPrintable(error));
    }

    void saysWhyInline_data()
    {
        QTest::addColumn<QString>("failure");
        QTest::addColumn<PanelMaker>("makePanel");
        const std::pair<const char *, PanelMaker> panels[] = {
            {"tokens", maker<TokensPanel>()},
            {"cluster info", maker<ClusterInfoPanel>()},
            {"rbac", maker<RbacPanel>()},
            {"certificate requests", maker<CertificateRequestsPanel>()}};
        for (const char *failure : {"unreachable", "tls", "credential"}) {
            for (const auto &[name, make] : panels)
                QTest::addRow("%s, %s", failure, name) << QString::fromLatin1(failure) << make;
        }
    }

    void saysWhyInline()
    {
        QFETCH(QString, failure);
        QFETCH(PanelMaker, makePanel);
        QString kubeconfig;
        QString expected;
        if (failure == QLatin1String("unreachable")) {
            // Port 1 on this machine: nothing listens there.
            kubeconfig = rewritten(cluster->adminKubeconfig(), cluster->url(),
                                   QStringLiteral("https://127.0.0.1:1"));
            expected = QStringLiteral("refused");
        } else if (failure == QLatin1String("tls")) {
            // The other sandbox's CA for this cluster's server.
            kubeconfig = rewritten(other->adminKubeconfig(), other->url(), cluster->url());
            expected = QStringLiteral("certificate");
        } else {
            kubeconfig = cluster->kubeconfigForToken(TestCluster::uniqueTokenId('x')
                                                     + QStringLiteral(".0123456789abcdef"));
            expected = QStringLiteral("credential");
        }
        QVERIFY(!kubeconfig.isEmpty());
        KubeconfigStore kubeconfigs(KubeconfigSources::resolve(kubeconfig, {}, QDir::tempPath()));
        ClusterSession session(&kubeconfigs);
        kubeconfigs.reload();
        std::unique_ptr<QWidget> panel = makePanel(&session);
        panel->show();
        QTRY_VERIFY_WITH_TIMEOUT(!problemText(*panel).isEmpty(), 20000);
        QVERIFY2(problemText(*panel).contains(expected, Qt::CaseInsensitive),
                 qPrintable(problemText(*panel)));
        QVERIFY(panel->findChild<QWidget *>(QStringLiteral("problem"))
                    ->findChild<QPushButton *>()
                    ->isVisibleTo(panel.get()));
    }
};

QTEST_MAIN(TestPanelProblems)
#include "test_panel_problems.moc"
