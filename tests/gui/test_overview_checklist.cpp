#include "bootstrap_checklist.h"
#include "bootstrap_wizard.h"
#include "cluster_session.h"
#include "gui_helpers.h"
#include "isolated_settings.h"
#include "kubeconfig_store.h"
#include "main_window.h"
#include "test_cluster.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace kubestrap;
using kubestrap::test::TestCluster;
using kubestrap::test::whenModalOpens;

namespace {

QStringList states(const QTreeWidget *list)
{
    QStringList all;
    for (int row = 0; row < list->topLevelItemCount(); ++row)
        all << list->topLevelItem(row)->text(0) + QLatin1Char(' ')
                   + list->topLevelItem(row)->text(1);
    return all;
}

} // namespace

// The Overview's bootstrap checklist against sandboxes: an empty cluster is found lacking and
// fixed from the window; the demo cluster's expiring token is warned about.
class TestOverviewChecklist : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<KubeconfigStore> kubeconfigs;
    std::unique_ptr<MainWindow> window;

    // The window, shown, on the admin context of a new sandbox started with `arguments` (or of
    // the real cluster, bare of the bootstrap or with the demo); no window when that fails.
    void openWindow(const QStringList &arguments)
    {
        window.reset();
        cluster.reset();
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error, arguments);
        QVERIFY2(cluster, qPrintable(error));
        if (!arguments.contains(QStringLiteral("--demo")))
            QVERIFY(cluster->emptyOfBootstrap());
        kubeconfigs = std::make_unique<KubeconfigStore>(
            KubeconfigSources::resolve(cluster->adminKubeconfig(), {}, QDir::tempPath()));
        window = std::make_unique<MainWindow>(kubeconfigs.get());
        window->show();
    }

private Q_SLOTS:
    void anEmptyClusterIsFixedFromTheWindow()
    {
        openWindow({});
        if (!window)
            return; // failed
        MainWindow &window = *this->window;
        window.resize(1100, 700);
        QVERIFY(window.showPanel(QStringLiteral("overview")));
        auto *checklist = window.findChild<BootstrapChecklist *>();
        auto *summary = checklist->findChild<QLabel *>(QStringLiteral("checklistSummary"));
        auto *list = checklist->findChild<QTreeWidget *>(QStringLiteral("checklist"));
        QTRY_VERIFY2_WITH_TIMEOUT(
            summary->text().contains(QStringLiteral("things stop nodes from joining")),
            qPrintable(summary->text() + QLatin1Char(' ')
                       + window.findChild<QLabel *>(QStringLiteral("connectionState"))->text()),
            15000);
        QVERIFY2(states(list).contains(QStringLiteral("✗ missing cluster-info")),
                 qPrintable(states(list).join(QLatin1Char('\n'))));

        // Fix… opens the wizard on the missing parts: here, all of them.
        whenModalOpens<BootstrapWizard>([](BootstrapWizard *wizard) {
            QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
            while (wizard->currentId() != BootstrapWizard::ReviewPage)
                wizard->next();
            auto *objects =
                wizard->currentPage()->findChild<QTreeWidget *>(QStringLiteral("objects"));
            QCOMPARE(objects->topLevelItemCount(), 9);
            QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::CommitButton)->isEnabled(), 15000);
            wizard->next();
            QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::CommitButton)->isEnabled(), 15000);
            wizard->next();
            wizard->accept();
        });
        QTest::mouseClick(checklist->findChild<QPushButton *>(QStringLiteral("fix")),
                          Qt::LeftButton);
        // The BootstrapSigner signs the new cluster-info within moments; check until it has.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                if (summary->text().startsWith(QStringLiteral("Nodes can join")))
                    return true;
                if (summary->text() != QStringLiteral("Checking…"))
                    checklist->checkAgain();
                return false;
            }(),
            20000);
        QVERIFY(!checklist->findChild<QPushButton *>(QStringLiteral("fix"))->isEnabled());
    }

    void aFixStartsWithOnlyWhatIsMissing()
    {
        openWindow({QStringLiteral("--demo"), QStringLiteral("--controllers=*,-tokencleaner")});
        if (!window)
            return; // failed
        MainWindow &window = *this->window;
        auto *checklist = window.findChild<BootstrapChecklist *>();
        QTRY_VERIFY_WITH_TIMEOUT(checklist->report().has_value(), 15000);
        QStringList reviewed;
        bool tokenMade = true;
        whenModalOpens<BootstrapWizard>([&](BootstrapWizard *wizard) {
            QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
            wizard->next();
            // The cluster has a token that joins: no new one unless asked.
            tokenMade =
                wizard->currentPage()->findChild<QCheckBox *>(QStringLiteral("token"))->isChecked();
            wizard->next();
            QVERIFY(!wizard->currentPage()
                         ->findChild<QCheckBox *>(QStringLiteral("cluster-info"))
                         ->isChecked());
            wizard->next();
            QVERIFY(wizard->currentPage()
                        ->findChild<QCheckBox *>(QStringLiteral("auto-approve-renewals"))
                        ->isChecked());
            QVERIFY(!wizard->currentPage()
                         ->findChild<QCheckBox *>(QStringLiteral("anonymous-read"))
                         ->isChecked());
            wizard->next();
            auto *objects =
                wizard->currentPage()->findChild<QTreeWidget *>(QStringLiteral("objects"));
            for (int row = 0; row < objects->topLevelItemCount(); ++row)
                reviewed << objects->topLevelItem(row)->text(0);
            // Cancelled at the review: nothing was sent.
            wizard->button(QWizard::CancelButton)->click();
        });
        checklist->fix();
        QVERIFY(!tokenMade);
        QVERIFY2(reviewed.contains(QStringLiteral(
                     "clusterrolebinding/kubeadm:node-autoapprove-certificate-rotation")),
                 qPrintable(reviewed.join(QLatin1Char('\n'))));
        QVERIFY(!reviewed.contains(QStringLiteral("configmap/cluster-info -n kube-public")));
        checklist->checkAgain();
        auto *summary = checklist->findChild<QLabel *>(QStringLiteral("checklistSummary"));
        QTRY_VERIFY_WITH_TIMEOUT(
            summary->text().contains(QStringLiteral("things stop nodes from joining")), 15000);
    }

    void theDemoClustersExpiringTokenIsWarnedAbout()
    {
        openWindow({QStringLiteral("--demo"), QStringLiteral("--controllers=*,-tokencleaner")});
        if (!window)
            return; // failed
        MainWindow &window = *this->window;
        window.resize(1100, 720);
        QVERIFY(window.showPanel(QStringLiteral("overview")));
        auto *checklist = window.findChild<BootstrapChecklist *>();
        QTRY_VERIFY_WITH_TIMEOUT(checklist->report().has_value(), 15000);
        const QStringList found =
            states(checklist->findChild<QTreeWidget *>(QStringLiteral("checklist")));
        QVERIFY2(found.filter(QStringLiteral("! warning token")).size() >= 1,
                 qPrintable(found.join(QLatin1Char('\n'))));
        QVERIFY2(found.contains(QStringLiteral(
                     "✗ missing nodes' certificate renewals are approved automatically")),
                 qPrintable(found.join(QLatin1Char('\n'))));
        const QString dir = qEnvironmentVariable("KUBESTRAP_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QTest::qWait(200);
            window.grab().save(dir + QStringLiteral("/overview.png"));
        }

        // F5 reconnects: fresh caches, and the doctor asks again.
        QSignalSpy replaced(window.findChild<ClusterSession *>(), &ClusterSession::sessionReplaced);
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_F5);
        QVERIFY(!replaced.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(checklist->report().has_value(), 15000);
    }
};

QTEST_MAIN(TestOverviewChecklist)
#include "test_overview_checklist.moc"
