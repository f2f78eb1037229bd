#include "api_paths.h"
#include "cluster_client.h"
#include "cluster_session.h"
#include "gui_helpers.h"
#include "isolated_settings.h"
#include "kubeadm_config.h"
#include "kubectl.h"
#include "main_window.h"
#include "session_on.h"
#include "test_cluster.h"
#include "token_dialog.h"
#include "tokens_panel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QUrl>

using namespace kubestrap;
using kubestrap::test::rowOf;
using kubestrap::test::TestCluster;
using kubestrap::test::whenModalOpens;

namespace {

void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("KUBESTRAP_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(100);
    widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace

// The Tokens panel against a demo sandbox, driven as a user drives it.
class TestTokensPanel : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;
    std::unique_ptr<TestCluster> cluster;
    // The token this run makes, among the cluster's own.
    const QString id = TestCluster::uniqueTokenId('g');
    std::unique_ptr<test::SessionOn> on;
    ClusterSession *session = nullptr;
    std::unique_ptr<TokensPanel> panel;
    QTableView *view = nullptr;

    bool secretExists(const QString &id)
    {
        auto admin = test::clientFor(cluster->adminKubeconfig());
        return bool(
            waitFor([&](ApiClient::Callback done) { admin->get(paths::tokenSecret(id), done); }));
    }

    void select(const QString &id)
    {
        QTRY_VERIFY(rowOf(view, id) >= 0);
        view->selectRow(rowOf(view, id));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(
            QStringLiteral(KUBESTRAP_SANDBOX), &error,
            {QStringLiteral("--demo"), QStringLiteral("--controllers=*,-tokencleaner")});
        QVERIFY2(cluster, qPrintable(error));
        cluster->deleteAtEnd(paths::tokenSecret(id));
        on = test::SessionOn::connect(cluster->adminKubeconfig(), &error);
        QVERIFY2(on, qPrintable(error));
        session = on->session.get();
        QVERIFY(session->summary().contains(QStringLiteral("as ") + cluster->adminUser()));
        panel = std::make_unique<TokensPanel>(session);
        panel->resize(1000, 420);
        panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(panel.get()));
        view = panel->findChild<QTableView *>(QStringLiteral("tokenTable"));
        // The demo's tokens that are still valid: a real cluster's TokenCleaner deletes the
        // expired fourth at once (the sandbox is started without one, for the screenshot).
        QTRY_VERIFY_WITH_TIMEOUT(view->model() && view->model()->rowCount() >= 3, 10000);
        screenshot(panel.get(), QStringLiteral("tokens"));
    }

    void theCreateDialogChecksAsYouTypeAndCreatesTheToken()
    {
        whenModalOpens<TokenDialog>([this](TokenDialog *dialog) {
            auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            auto *ttl = dialog->findChild<QLineEdit *>(QStringLiteral("ttl"));
            auto *token = dialog->findChild<QLineEdit *>(QStringLiteral("token"));
            auto *problem = dialog->findChild<QLabel *>(QStringLiteral("problem"));
            ttl->clear();
            QTest::keyClicks(ttl, QStringLiteral("soon"));
            QVERIFY(!ok->isEnabled());
            QVERIFY2(problem->text().contains(QStringLiteral("not a duration")),
                     qPrintable(problem->text()));
            ttl->clear();
            QTest::keyClicks(ttl, QStringLiteral("2h"));
            token->setText(id + QStringLiteral(".0123456789abcdef"));
            dialog->findChild<QLineEdit *>(QStringLiteral("description"))
                ->setText(QStringLiteral("rack 9"));
            QVERIFY(ok->isEnabled());
            QTest::mouseClick(ok, Qt::LeftButton);
        });
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("create")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(view, id) >= 0, 10000);
        QVERIFY(secretExists(id));
        const int row = rowOf(view, id);
        QCOMPARE(view->model()->index(row, 1).data().toString(), QStringLiteral("rack 9"));
        QCOMPARE(view->model()->index(row, 2).data().toString(), QStringLiteral("in 1h"));

        // The activity log has it, with the kubectl command that does the same, secret left out.
        const ActivityLog *log = session->activity();
        const int last = log->rowCount() - 1;
        QCOMPARE(log->index(last, ActivityLog::Change).data().toString(),
                 QStringLiteral("create token ") + id);
        QTRY_COMPARE(log->index(last, ActivityLog::Result).data().toString(),
                     QStringLiteral("done"));
        const QString kubectl = log->index(last, ActivityLog::Kubectl).data().toString();
        QVERIFY2(
            kubectl.startsWith(
                QStringLiteral("kubectl create secret generic bootstrap-token-%1 -n kube-system")
                    .arg(id)),
            qPrintable(kubectl));
        QVERIFY(kubectl.contains(QStringLiteral("--from-literal=token-secret=\"${TOKEN_SECRET:?")));
        QVERIFY(!kubectl.contains(QStringLiteral("0123456789abcdef")));
    }

    void theSecretIsMaskedUntilRevealedAndCopiedForAWhile()
    {
        select(id);
        auto *secret = panel->findChild<QLabel *>(QStringLiteral("secret"));
        QVERIFY(!secret->text().contains(QStringLiteral("0123456789abcdef")));
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("reveal")),
                          Qt::LeftButton);
        QCOMPARE(secret->text(), QStringLiteral("Token: %1.0123456789abcdef").arg(id));
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("reveal")),
                          Qt::LeftButton);
        QVERIFY(!secret->text().contains(QStringLiteral("0123456789abcdef")));

        QSettings().setValue(QStringLiteral("Clipboard/clearSecretsAfterSeconds"), 1);
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("copyToken")),
                          Qt::LeftButton);
        const QMimeData *copied = QApplication::clipboard()->mimeData();
        QCOMPARE(copied->text(), id + QStringLiteral(".0123456789abcdef"));
        QCOMPARE(copied->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
        QTRY_COMPARE_WITH_TIMEOUT(QApplication::clipboard()->text(), QString(), 5000);

        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("copyJoin")),
                          Qt::LeftButton);
        const QString join = QStringLiteral("kubeadm join ") + QUrl(cluster->url()).authority();
        QTRY_VERIFY2(QApplication::clipboard()->text().startsWith(join),
                     qPrintable(QApplication::clipboard()->text()));
        QVERIFY(QApplication::clipboard()->text().contains(
            QStringLiteral(" --token %1.0123456789abcdef --discovery-token-ca-cert-hash sha256:")
                .arg(id)));
    }

    void theJoinCommandUsesKubeadmsControlPlaneEndpoint()
    {
        QVERIFY(cluster->setControlPlaneEndpoint(QStringLiteral("lb.kubestrap.test")));
        select(id);
        QApplication::clipboard()->clear();
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("copyJoin")),
                          Qt::LeftButton);
        QTRY_VERIFY2(QApplication::clipboard()->text().startsWith(
                         QStringLiteral("kubeadm join lb.kubestrap.test:6443 --token ") + id),
                     qPrintable(QApplication::clipboard()->text()));
        QVERIFY(cluster->removeUntilEnd(kubeadmConfigPath()));
    }

    void extendMovesTheExpiry()
    {
        select(id);
        whenModalOpens<QInputDialog>([](QInputDialog *dialog) {
            dialog->setTextValue(QStringLiteral("72h"));
            dialog->accept();
        });
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("extend")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->index(rowOf(view, id), 2).data().toString(),
                                  QStringLiteral("in 2d"), 10000);
    }

    void deleteAsksFirst()
    {
        select(id);
        whenModalOpens<QMessageBox>(
            [](QMessageBox *box) { box->button(QMessageBox::Cancel)->click(); });
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("delete")),
                          Qt::LeftButton);
        QTest::qWait(200);
        QVERIFY(secretExists(id));
        // The Delete key, on the table, asks too.
        panel->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(panel.get()));
        view->setFocus();
        whenModalOpens<QMessageBox>(
            [](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
        QTest::keyClick(view, Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(view, id) < 0, 10000);
        QVERIFY(!secretExists(id));
    }

    void theLoggedCommandsDoWhatThePanelDid()
    {
        // Created, extended and deleted above: the activity dock's three commands, pasted into a
        // shell in that order, leave the same Secret at each step.
        const ActivityLog *log = session->activity();
        QStringList commands;
        for (int row = 0; row < log->rowCount(); ++row) {
            if (log->index(row, ActivityLog::Change).data().toString().contains(id))
                commands << log->index(row, ActivityLog::Kubectl).data().toString();
        }
        QCOMPARE(commands.size(), 3);
        if (test::findKubectl().isEmpty())
            QSKIP("kubectl is not installed: the logged commands are not replayed");
        QProcessEnvironment secret;
        secret.insert(QStringLiteral("TOKEN_SECRET"), QStringLiteral("0123456789abcdef"));
        const auto data = [&] {
            auto admin = test::clientFor(cluster->adminKubeconfig());
            const auto held = waitFor(
                [&](ApiClient::Callback done) { admin->get(paths::tokenSecret(id), done); });
            return held ? held->value(QStringLiteral("data")).toObject() : QJsonObject();
        };
        auto ran = test::runInShell(commands.at(0), cluster->adminKubeconfig(), secret);
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        const QJsonObject created = data();
        QCOMPARE(QByteArray::fromBase64(
                     created.value(QStringLiteral("token-secret")).toString().toLatin1()),
                 QByteArray("0123456789abcdef"));
        QCOMPARE(QByteArray::fromBase64(
                     created.value(QStringLiteral("description")).toString().toLatin1()),
                 QByteArray("rack 9"));
        ran = test::runInShell(commands.at(1), cluster->adminKubeconfig());
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        const QString extended = data().value(QStringLiteral("expiration")).toString();
        QVERIFY(extended != created.value(QStringLiteral("expiration")).toString());
        QVERIFY2(commands.at(1).contains(extended), qPrintable(commands.at(1)));
        ran = test::runInShell(commands.at(2), cluster->adminKubeconfig());
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        QVERIFY(!secretExists(id));
    }

    void theContextSwitcherReconnects()
    {
        // Two contexts on one cluster: the admin's, and mallory's who may read no Secrets.
        const QString both = cluster->adminKubeconfig() + QLatin1Char(':')
                             + cluster->kubeconfigFor(QStringLiteral("mallory"), {});
        KubeconfigStore merged(KubeconfigSources::resolve({}, both, QDir::tempPath()));
        MainWindow window(&merged);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *state = window.findChild<QLabel *>(QStringLiteral("connectionState"));
        QTRY_VERIFY_WITH_TIMEOUT(
            state->text().endsWith(QStringLiteral("as ") + cluster->adminUser()), 15000);
        QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("activity")));
        auto *switcher = window.findChild<QComboBox *>(QStringLiteral("contextSwitcher"));
        QCOMPARE(switcher->currentText(), cluster->adminContext());
        switcher->setFocus();
        QTest::keyClick(switcher, Qt::Key_Down);
        QCOMPARE(switcher->currentText(), QStringLiteral("test"));
        QTRY_VERIFY_WITH_TIMEOUT(state->text().endsWith(QStringLiteral("as mallory")), 15000);
        // The Tokens panel now reads as mallory, and says what mallory lacks.
        auto *tokens = window.findChild<TokensPanel *>();
        QTRY_VERIFY_WITH_TIMEOUT(tokens->findChild<QWidget *>(QStringLiteral("problem"))
                                     ->findChild<QLabel *>()
                                     ->text()
                                     .contains(QStringLiteral("cannot list resource \"secrets\"")),
                                 10000);
    }

    void aForbiddenListSaysWhichPermissionIsMissing()
    {
        QString error;
        auto mallory =
            test::SessionOn::connect(cluster->kubeconfigFor(QStringLiteral("mallory"), {}), &error);
        QVERIFY2(mallory, qPrintable(error));
        TokensPanel forbidden(mallory->session.get());
        auto *problem = forbidden.findChild<QWidget *>(QStringLiteral("problem"));
        QTRY_VERIFY_WITH_TIMEOUT(problem->findChild<QLabel *>()->text().contains(
                                     QStringLiteral("cannot list resource \"secrets\"")),
                                 10000);
    }
};

QTEST_MAIN(TestTokensPanel)
#include "test_tokens_panel.moc"
