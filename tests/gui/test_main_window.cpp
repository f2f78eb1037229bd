#include "about_dialog.h"
#include "isolated_settings.h"
#include "kubeconfig_store.h"
#include "main_window.h"
#include "plugin_sign_in_dialog.h"
#include "version.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using kubestrap::KubeconfigSources;
using kubestrap::KubeconfigStore;
using kubestrap::MainWindow;

namespace {

const QStringList kPanels{QStringLiteral("overview"),    QStringLiteral("tokens"),
                          QStringLiteral("clusterInfo"), QStringLiteral("configmaps"),
                          QStringLiteral("rbac"),        QStringLiteral("certificateRequests"),
                          QStringLiteral("kubeconfigs"), QStringLiteral("hygiene")};

// Every label's text under `widget`, joined, so a test can check what the user reads.
QString visibleText(const QWidget *widget)
{
    QStringList texts;
    for (const QLabel *label : widget->findChildren<QLabel *>())
        texts << label->text();
    return texts.join(QLatin1Char('\n'));
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    kubestrap::test::IsolatedSettings settings;
    QTemporaryDir home;

    // A kubeconfig store for a home folder with no ~/.kube/config, as on a fresh machine.
    KubeconfigStore noKubeconfig{KubeconfigSources::resolve({}, {}, home.path())};

private Q_SLOTS:
    void navigationListsEveryPanelInOrder()
    {
        MainWindow window(&noKubeconfig);
        auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
        auto *panels = window.findChild<QStackedWidget *>(QStringLiteral("panels"));
        QVERIFY(navigation && panels);
        QCOMPARE(navigation->count(), kPanels.size());
        QCOMPARE(panels->count(), kPanels.size());
        for (int row = 0; row < kPanels.size(); ++row)
            QCOMPARE(panels->widget(row)->objectName(), kPanels.at(row));
        QCOMPARE(navigation->item(3)->text(), QStringLiteral("ConfigMaps"));
        QCOMPARE(navigation->item(5)->text(), QStringLiteral("Certificate requests"));
    }

    void clickingTheNavigationSwitchesPanels()
    {
        MainWindow window(&noKubeconfig);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
        auto *panels = window.findChild<QStackedWidget *>(QStringLiteral("panels"));

        const QRect rbacRow = navigation->visualItemRect(navigation->item(4));
        QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {}, rbacRow.center());
        QCOMPARE(window.currentPanel(), QStringLiteral("rbac"));
        QCOMPARE(panels->currentWidget()->objectName(), QStringLiteral("rbac"));
        QVERIFY(panels->currentWidget()->isVisible());
    }

    void keyboardShortcutsSwitchPanels()
    {
        MainWindow window(&noKubeconfig);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_7, Qt::ControlModifier);
        QCOMPARE(window.currentPanel(), QStringLiteral("kubeconfigs"));
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.currentPanel(), QStringLiteral("tokens"));
        auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
        QCOMPARE(navigation->currentRow(), 1);
    }

    void overviewShowsNoClusterAndWhereItLooked()
    {
        MainWindow window(&noKubeconfig);
        const QWidget *overview = window.findChild<QWidget *>(QStringLiteral("overview"));
        QTRY_VERIFY(noKubeconfig.isLoaded());
        QVERIFY(visibleText(overview).contains(QStringLiteral("No cluster configured")));
        auto *state = window.findChild<QLabel *>(QStringLiteral("connectionState"));
        QCOMPARE(state->text(), QStringLiteral("No cluster configured"));

        auto *sources = overview->findChild<QTreeWidget *>(QStringLiteral("kubeconfigSources"));
        QCOMPARE(sources->topLevelItemCount(), 1);
        QCOMPARE(sources->topLevelItem(0)->text(0), home.filePath(QStringLiteral(".kube/config")));
        QCOMPARE(sources->topLevelItem(0)->text(1), QStringLiteral("not found"));
    }

    void overviewMarksWhichKubeconfigFilesExist()
    {
        QTemporaryDir dir;
        QFile present(dir.filePath(QStringLiteral("a.yaml")));
        QVERIFY(present.open(QIODevice::WriteOnly));
        present.close();
        const QString env =
            present.fileName() + QLatin1Char(':') + dir.filePath(QStringLiteral("b"));
        KubeconfigStore store(KubeconfigSources::resolve({}, env, home.path()));
        MainWindow window(&store);
        auto *sources = window.findChild<QTreeWidget *>(QStringLiteral("kubeconfigSources"));
        QCOMPARE(sources->topLevelItemCount(), 2);
        QCOMPARE(sources->topLevelItem(0)->text(1), QStringLiteral("found"));
        QCOMPARE(sources->topLevelItem(1)->text(1), QStringLiteral("not found"));
    }

    void lastPanelAndGeometryAreRemembered()
    {
        {
            MainWindow window(&noKubeconfig);
            window.resize(900, 610);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.showPanel(QStringLiteral("clusterInfo")));
            window.close();
        }
        MainWindow reopened(&noKubeconfig);
        QCOMPARE(reopened.currentPanel(), QStringLiteral("clusterInfo"));
        QCOMPARE(reopened.size(), QSize(900, 610));
    }

    void unknownPanelIsRefused()
    {
        MainWindow window(&noKubeconfig);
        const QString before = window.currentPanel();
        QVERIFY(!window.showPanel(QStringLiteral("nonsense")));
        QCOMPARE(window.currentPanel(), before);
    }

    void aPluginWaitingForASignInIsShownAndCanBeCancelled()
    {
        // A context whose plugin, like kubelogin's device flow, prints a code and waits.
        QTemporaryDir signInHome;
        QVERIFY(QDir(signInHome.path()).mkpath(QStringLiteral(".kube")));
        const QString plugin = signInHome.filePath(QStringLiteral("login.sh"));
        QFile script(plugin);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\necho 'Open https://login.example/device and enter WXYZ-9876' "
                     ">&2\nexec sleep 60\n");
        script.close();
        QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QFile config(signInHome.filePath(QStringLiteral(".kube/config")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("apiVersion: v1\nkind: Config\ncurrent-context: sso\nclusters:\n- name: c\n"
                     "  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: sso\n"
                     "  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user:\n"
                     "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                     "      command: "
                     + plugin.toUtf8() + "\n      interactiveMode: IfAvailable\n");
        config.close();
        KubeconfigStore store(KubeconfigSources::resolve({}, {}, signInHome.path()));
        MainWindow window(&store);
        window.show();
        store.reload();

        auto *dialog = window.findChild<kubestrap::PluginSignInDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 8000);
        QTRY_VERIFY(dialog->shownText().contains(QLatin1String("WXYZ-9876")));
        auto *state = window.findChild<QLabel *>(QStringLiteral("connectionState"));
        QVERIFY(state->text().contains(QLatin1String("connecting")));

        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->click();
        QVERIFY(!dialog->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(QLatin1String("was cancelled")), 3000);
    }

    void aboutShowsTheVersion()
    {
        kubestrap::AboutDialog about;
        const QString text = visibleText(&about);
        QVERIFY2(
            text.contains(QStringLiteral("Version %1").arg(QLatin1String(kubestrap::kVersion))),
            qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("OpenSSL")));
        auto *icon = about.findChild<QLabel *>(QStringLiteral("icon"));
        QVERIFY2(!icon->pixmap().isNull(), "the SVG application icon did not load");
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
