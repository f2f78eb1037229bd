#include "activity_log.h"
#include "export_credential_page.h"
#include "export_wizard.h"
#include "gui_helpers.h"
#include "isolated_settings.h"
#include "kubeconfig_sources.h"
#include "kubeconfig_store.h"
#include "kubectl.h"
#include "test_cluster.h"
#include "test_files.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace kubestrap;
using kubestrap::test::TestCluster;
using kubestrap::test::whenModalOpens;

// The kubeconfig export wizard driven to its end against the sandbox: the file it writes works
// in kubectl as the identity chosen; cancelled, it leaves nothing on the cluster and no file.
class TestExportWizard : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;
    std::unique_ptr<TestCluster> cluster;
    QString teamA; // the demo's team-a, whatever it is called on this cluster
    const QString tokenId = TestCluster::uniqueTokenId('w');
    std::unique_ptr<KubeconfigStore> kubeconfigs;
    QTemporaryDir dir;
    QString kubectl;

    test::ProcessResult run(const QString &kubeconfig, const QStringList &args)
    {
        return test::runProcess(kubectl, args, dir.path(),
                                test::kubeconfigEnvironment(dir.path(), kubeconfig));
    }
    bool exists(const QStringList &what)
    {
        return run(cluster->adminKubeconfig(), QStringList{QStringLiteral("get")} + what).exitCode
               == 0;
    }

    // Saves the wizard's page as export-<name>.png when screenshots are asked for.
    static void shoot(QWizard &wizard, const char *name)
    {
        const QString screenshots = qEnvironmentVariable("KUBESTRAP_SCREENSHOT_DIR");
        if (screenshots.isEmpty())
            return;
        QTest::qWait(50);
        wizard.grab().save(screenshots + QStringLiteral("/export-%1.png").arg(QLatin1String(name)));
    }

    template <typename T>
    static T *field(QWizard &wizard, const char *name)
    {
        auto *found = wizard.currentPage()->findChild<T *>(QLatin1String(name));
        if (!found)
            qFatal("no %s on this page", name);
        return found;
    }

    // Drives the wizard to the review page with `fill` choosing the credential, and waits until
    // the review is ready.
    void reachReview(QWizard &wizard, const std::function<void(ExportCredentialPage *)> &fill)
    {
        wizard.show();
        QCOMPARE(wizard.currentId(), int(KubeconfigExportWizard::ContextPage));
        shoot(wizard, "context");
        wizard.next();
        fill(qobject_cast<ExportCredentialPage *>(wizard.currentPage()));
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        shoot(wizard, "credential");
        wizard.next();
        shoot(wizard, "options");
        wizard.next();
        QCOMPARE(wizard.currentId(), int(KubeconfigExportWizard::ReviewPage));
        QTRY_VERIFY2_WITH_TIMEOUT(wizard.button(QWizard::NextButton)->isEnabled(),
                                  qPrintable(field<QLabel>(wizard, "progress")->text()), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(
            field<QLabel>(wizard, "test")->text().startsWith(QStringLiteral("✓")), 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        kubectl = test::findKubectl();
        if (kubectl.isEmpty())
            QSKIP("kubectl is not installed: it checks the files written");
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                     {QStringLiteral("--demo")});
        QVERIFY2(cluster, qPrintable(error));
        // The certificate requests of the credentials made: the cluster's record, kept by design.
        cluster->deleteNewAtEnd(
            QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests"));
        teamA = cluster->demo(QStringLiteral("team-a"));
        cluster->deleteAtEnd(
            QStringLiteral("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kubestrap:%1:"
                           "wizard-bot:view")
                .arg(teamA));
        cluster->deleteAtEnd(
            QStringLiteral("/api/v1/namespaces/kube-system/secrets/bootstrap-token-") + tokenId);
        kubeconfigs = std::make_unique<KubeconfigStore>(
            KubeconfigSources::resolve(cluster->adminKubeconfig(), {}, QDir::tempPath()));
        kubeconfigs->reload();
        QTRY_VERIFY(kubeconfigs->isLoaded());
    }

    void aClientCertificateFileIsReviewedTriedAndSaved()
    {
        ActivityLog log;
        KubeconfigExportWizard wizard(kubeconfigs.get(), kubeconfigs->activeContext(), &log);
        reachReview(wizard, [](ExportCredentialPage *page) {
            page->choose(ExportCredentialPage::ClientCertificate);
            // Checked as typed: no user yet, no Next.
            QVERIFY(!page->isComplete());
            QTest::keyClicks(page->findChild<QLineEdit *>(QStringLiteral("commonName")),
                             QStringLiteral("dana"));
            QTest::keyClicks(page->findChild<QLineEdit *>(QStringLiteral("groups")),
                             QStringLiteral("devs, ops"));
            QTest::keyClicks(page->findChild<QLineEdit *>(QStringLiteral("expiration")),
                             QStringLiteral("soon"));
            QVERIFY(!page->isComplete());
            page->findChild<QLineEdit *>(QStringLiteral("expiration"))
                ->setText(QStringLiteral("8h"));
            QVERIFY(page->isComplete());
        });
        // As the signer writes them: one set of groups, which DER sorts.
        QCOMPARE(field<QLabel>(wizard, "identity")->text(), QStringLiteral("dana in ops, devs"));
        QVERIFY2(
            field<QLabel>(wizard, "test")->text().contains(QStringLiteral("takes it for dana")),
            qPrintable(field<QLabel>(wizard, "test")->text()));
        const QString shown = field<QPlainTextEdit>(wizard, "yaml")->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("client-key-data: DATA+OMITTED")),
                 qPrintable(shown));
        QVERIFY(!shown.contains(QStringLiteral("PRIVATE KEY")));
        shoot(wizard, "review");

        wizard.next();
        const QString out = dir.filePath(QStringLiteral("dana.kubeconfig"));
        field<QLineEdit>(wizard, "path")->setText(out);
        shoot(wizard, "save");
        wizard.button(QWizard::FinishButton)->click();
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
        QCOMPARE(wizard.savedTo(), out);
        struct stat status {};
        QCOMPARE(stat(QFile::encodeName(out).constData(), &status), 0);
        QCOMPARE(status.st_mode & 0777, 0600u);
        const auto whoami =
            run(out, {QStringLiteral("auth"), QStringLiteral("whoami"), QStringLiteral("-o"),
                      QStringLiteral("jsonpath={.status.userInfo.username}")});
        QCOMPARE(whoami.out, QByteArray("dana"));

        // The logged commands ask for the same certificate and approve it, pasted as they are
        // (after the wizard's own request is gone, since they reuse its name).
        const QString pasted = log.index(0, ActivityLog::Kubectl).data().toString();
        const QString request = pasted.section(QStringLiteral("kubectl certificate approve "), 1)
                                    .section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(!request.isEmpty(), qPrintable(pasted));
        cluster->deleteAtEnd(QStringLiteral("/apis/certificates.k8s.io/v1/"
                                            "certificatesigningrequests/")
                             + request);
        run(cluster->adminKubeconfig(),
            {QStringLiteral("delete"), QStringLiteral("csr"), request, QStringLiteral("--wait"),
             QStringLiteral("--ignore-not-found")});
        const auto ran = test::runInShell(pasted, cluster->adminKubeconfig());
        QVERIFY2(ran.exitCode == 0, qPrintable(pasted + QString::fromUtf8(ran.err)));
        QTRY_VERIFY_WITH_TIMEOUT(
            !run(cluster->adminKubeconfig(),
                 {QStringLiteral("get"), QStringLiteral("csr"), request, QStringLiteral("-o"),
                  QStringLiteral("jsonpath={.status.certificate}")})
                 .out.isEmpty(),
            10000);
    }

    void theWholeExportWorksFromTheKeyboard()
    {
        KubeconfigExportWizard wizard(kubeconfigs.get(), kubeconfigs->activeContext());
        wizard.show();
        wizard.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&wizard));
        const auto press = [](int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key(key), modifiers);
        };
        press(Qt::Key_Return);
        QCOMPARE(wizard.currentId(), int(KubeconfigExportWizard::CredentialPage));
        press(Qt::Key_O, Qt::AltModifier);                           // "A bootstrap token"
        QTRY_VERIFY(field<QLineEdit>(wizard, "token")->isVisible()); // a mnemonic clicks animated
        press(Qt::Key_K, Qt::AltModifier);                           // back to "Keep"
        QTRY_VERIFY(!field<QLineEdit>(wizard, "token")->isVisible());
        press(Qt::Key_Return);
        QCOMPARE(wizard.currentId(), int(KubeconfigExportWizard::OptionsPage));
        press(Qt::Key_Return);
        QCOMPARE(wizard.currentId(), int(KubeconfigExportWizard::ReviewPage));
        QTRY_VERIFY_WITH_TIMEOUT(wizard.button(QWizard::NextButton)->isEnabled(), 20000);
        press(Qt::Key_Return);
        QCOMPARE(wizard.currentId(), int(KubeconfigExportWizard::SavePage));
        auto *path = field<QLineEdit>(wizard, "path");
        QCOMPARE(QApplication::focusWidget(), path);
        const QString out = dir.filePath(QStringLiteral("typed.kubeconfig"));
        path->selectAll();
        QTest::keyClicks(path, out);
        press(Qt::Key_Return);
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
        QVERIFY(QFile::exists(out));
    }

    void anExistingFileIsReplacedOnlyWhenTheUserSays()
    {
        const QString out = dir.filePath(QStringLiteral("mine.kubeconfig"));
        QFile mine(out);
        QVERIFY(mine.open(QIODevice::WriteOnly));
        mine.write("mine\n");
        mine.close();
        KubeconfigExportWizard wizard(kubeconfigs.get(), kubeconfigs->activeContext());
        reachReview(wizard,
                    [](ExportCredentialPage *page) { page->choose(ExportCredentialPage::Keep); });
        wizard.next();
        field<QLineEdit>(wizard, "path")->setText(out);
        whenModalOpens<QMessageBox>(
            [](QMessageBox *box) { box->button(QMessageBox::No)->click(); });
        wizard.button(QWizard::FinishButton)->click();
        QCOMPARE(wizard.currentId(), int(KubeconfigExportWizard::SavePage));
        QVERIFY(mine.open(QIODevice::ReadOnly));
        QCOMPARE(mine.readAll(), QByteArray("mine\n"));
        mine.close();
        whenModalOpens<QMessageBox>(
            [](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
        wizard.button(QWizard::FinishButton)->click();
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
        QVERIFY(QFile::exists(out + QStringLiteral(".bak")));
        const auto whoami = run(out, {QStringLiteral("auth"), QStringLiteral("whoami")});
        QVERIFY2(whoami.out.contains(cluster->adminUser().toUtf8()), whoami.err.constData());
    }

    void cancellingAtTheReviewLeavesNothingBehind()
    {
        ActivityLog log;
        KubeconfigExportWizard wizard(kubeconfigs.get(), kubeconfigs->activeContext(), &log);
        reachReview(wizard, [this](ExportCredentialPage *page) {
            page->choose(ExportCredentialPage::ServiceAccount);
            auto *ns = page->findChild<QLineEdit *>(QStringLiteral("serviceAccountNamespace"));
            ns->setText(teamA);
            QTest::keyClicks(page->findChild<QLineEdit *>(QStringLiteral("serviceAccount")),
                             QStringLiteral("wizard-bot"));
            page->findChild<QCheckBox *>(QStringLiteral("createServiceAccount"))->setChecked(true);
            page->findChild<QComboBox *>(QStringLiteral("bindRole"))
                ->setCurrentText(QStringLiteral("view"));
        });
        QVERIFY(field<QLabel>(wizard, "identity")
                    ->text()
                    .startsWith(QStringLiteral("system:serviceaccount:%1:wizard-bot").arg(teamA)));
        QVERIFY(exists({QStringLiteral("serviceaccount"), QStringLiteral("wizard-bot"),
                        QStringLiteral("-n"), teamA}));
        wizard.button(QWizard::CancelButton)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), 10000);
        QCOMPARE(wizard.result(), int(QDialog::Rejected));
        QVERIFY(!exists({QStringLiteral("serviceaccount"), QStringLiteral("wizard-bot"),
                         QStringLiteral("-n"), teamA}));
        QVERIFY(!exists({QStringLiteral("clusterrolebinding"),
                         QStringLiteral("kubestrap:%1:wizard-bot:view").arg(teamA)}));

        // Both the credential and its giving back are in the activity log, and the kubectl
        // commands logged for the credential do the same when kubectl runs them.
        QCOMPARE(log.rowCount(), 2);
        QCOMPARE(log.index(1, ActivityLog::Change).data().toString(),
                 QStringLiteral("give back an unsaved export's credential"));
        QTRY_COMPARE(log.index(1, ActivityLog::Result).data().toString(), QStringLiteral("done"));
        const QString pasted = log.index(0, ActivityLog::Kubectl).data().toString();
        QCOMPARE(pasted.count(QStringLiteral("kubectl ")), 3);
        const auto ran = test::runInShell(pasted, cluster->adminKubeconfig());
        QVERIFY2(ran.exitCode == 0, qPrintable(pasted + QString::fromUtf8(ran.err)));
        QVERIFY(exists({QStringLiteral("clusterrolebinding"),
                        QStringLiteral("kubestrap:%1:wizard-bot:view").arg(teamA)}));
        // And the giving back's commands give it back again.
        const auto given = test::runInShell(log.index(1, ActivityLog::Kubectl).data().toString(),
                                            cluster->adminKubeconfig());
        QVERIFY2(given.exitCode == 0, given.err.constData());
        QVERIFY(!exists({QStringLiteral("clusterrolebinding"),
                         QStringLiteral("kubestrap:%1:wizard-bot:view").arg(teamA)}));
        QVERIFY(!exists({QStringLiteral("serviceaccount"), QStringLiteral("wizard-bot"),
                         QStringLiteral("-n"), teamA}));
    }

    void aServerGoneQuietDoesNotKeepTheWizardOpen()
    {
        // A server that takes connections and never answers (a VPN gone half-dead): the issue
        // hangs, and Cancel must still close the wizard within 5 s.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QTemporaryDir home;
        const QString path = home.filePath(QStringLiteral("config"));
        QVERIFY(test::writeFile(
            path, test::readFile(cluster->adminKubeconfig())
                      .replace(cluster->url().toUtf8(),
                               "https://127.0.0.1:" + QByteArray::number(silent.serverPort()))));
        KubeconfigStore quiet(KubeconfigSources::resolve(path, {}, home.path()));
        quiet.reload();
        QTRY_VERIFY(quiet.isLoaded());
        KubeconfigExportWizard wizard(&quiet, quiet.activeContext());
        wizard.show();
        wizard.next();
        auto *page = qobject_cast<ExportCredentialPage *>(wizard.currentPage());
        page->choose(ExportCredentialPage::BootstrapToken);
        QTest::keyClicks(page->findChild<QLineEdit *>(QStringLiteral("token")),
                         TestCluster::uniqueTokenId('q') + QStringLiteral(".0123456789abcdef"));
        wizard.next();
        wizard.next();
        QCOMPARE(wizard.currentId(), int(KubeconfigExportWizard::ReviewPage));
        QTest::qWait(300);
        QElapsedTimer closing;
        closing.start();
        wizard.button(QWizard::CancelButton)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), 6000);
        QVERIFY2(closing.elapsed() < 5500, qPrintable(QString::number(closing.elapsed())));
    }

    void aCertificateThatBypassesRbacNeedsTheWarningConfirmed()
    {
        KubeconfigExportWizard wizard(kubeconfigs.get(), kubeconfigs->activeContext());
        wizard.show();
        wizard.next();
        auto *page = qobject_cast<ExportCredentialPage *>(wizard.currentPage());
        page->choose(ExportCredentialPage::ClientCertificate);
        QTest::keyClicks(field<QLineEdit>(wizard, "commonName"), QStringLiteral("root"));
        auto *lifetime = field<QLabel>(wizard, "lifetime");
        QVERIFY(lifetime->isVisible());
        QVERIFY2(lifetime->text().startsWith(QStringLiteral("The certificate lasts 24h, the "
                                                            "default")),
                 qPrintable(lifetime->text()));
        QTest::keyClicks(field<QLineEdit>(wizard, "expiration"), QStringLiteral("8760h"));
        QVERIFY2(lifetime->text().contains(QStringLiteral("lasts 365d")) // as Go says a year
                     && lifetime->text().contains(QStringLiteral("cannot revoke")),
                 qPrintable(lifetime->text()));
        QVERIFY(page->isComplete());

        QTest::keyClicks(field<QLineEdit>(wizard, "groups"), QStringLiteral("ops, system:masters"));
        auto *warning = field<QLabel>(wizard, "privilegedWarning");
        auto *consent = field<QCheckBox>(wizard, "allowPrivileged");
        QVERIFY(warning->isVisible() && consent->isVisible());
        QVERIFY2(warning->text().contains(QStringLiteral("cannot revoke it")),
                 qPrintable(warning->text()));
        QVERIFY(warning->text().startsWith(QStringLiteral("⚠ A certificate in system:masters")));
        QVERIFY(!page->isComplete());
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        consent->click();
        QVERIFY(page->isComplete());
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        shoot(wizard, "privileged");
        field<QLineEdit>(wizard, "groups")->setText(QStringLiteral("ops"));
        QVERIFY(!warning->isVisible());
        QVERIFY(!consent->isChecked()); // asked again if it comes back
    }

    void aCopiedKubeconfigLeavesTheClipboardAfterTheWizardCloses()
    {
        QSettings().setValue(QStringLiteral("Clipboard/clearSecretsAfterSeconds"), 1);
        QApplication::clipboard()->clear();
        {
            KubeconfigExportWizard wizard(kubeconfigs.get(), kubeconfigs->activeContext());
            reachReview(wizard, [](ExportCredentialPage *) {});
            wizard.next();
            field<QPushButton>(wizard, "copy")->click();
            const QMimeData *copied = QApplication::clipboard()->mimeData();
            QVERIFY(copied->text().contains(QLatin1String("kind: Config")));
            QCOMPARE(copied->data(QStringLiteral("x-kde-passwordManagerHint")),
                     QByteArray("secret"));
            wizard.reject();
        } // the wizard, and the page that copied, are gone
        QTRY_COMPARE_WITH_TIMEOUT(QApplication::clipboard()->text(), QString(), 5000);
        QSettings().remove(QStringLiteral("Clipboard/clearSecretsAfterSeconds"));
    }

    void goingBackGivesTheCredentialBack()
    {
        KubeconfigExportWizard wizard(kubeconfigs.get(), kubeconfigs->activeContext());
        reachReview(wizard, [this](ExportCredentialPage *page) {
            page->choose(ExportCredentialPage::BootstrapToken);
            QTest::keyClicks(page->findChild<QLineEdit *>(QStringLiteral("token")),
                             tokenId + QStringLiteral(".0123456789abcdef"));
        });
        QVERIFY(exists({QStringLiteral("secret"), QStringLiteral("bootstrap-token-") + tokenId,
                        QStringLiteral("-n"), QStringLiteral("kube-system")}));
        wizard.back();
        QTRY_VERIFY_WITH_TIMEOUT(
            !exists({QStringLiteral("secret"), QStringLiteral("bootstrap-token-") + tokenId,
                     QStringLiteral("-n"), QStringLiteral("kube-system")}),
            10000);
    }
};

QTEST_MAIN(TestExportWizard)
#include "test_export_wizard.moc"
