#include "activity_log.h"
#include "bootstrap_cluster.h"
#include "bootstrap_finish_page.h"
#include "bootstrap_wizard.h"
#include "isolated_settings.h"
#include "kubeconfig_sources.h"
#include "kubeconfig_store.h"
#include "kubectl.h"
#include "session_on.h"
#include "test_cluster.h"
#include "test_files.h"
#include "x509.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUrl>

#include <sys/stat.h>

using namespace kubestrap;
using kubestrap::test::TestCluster;

namespace {

template <typename T>
T *field(QWizard &wizard, const char *name)
{
    auto *found = wizard.currentPage()->findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no %s on page %d", name, wizard.currentId());
    return found;
}

void shoot(QWizard &wizard, const char *name)
{
    const QString screenshots = qEnvironmentVariable("KUBESTRAP_SCREENSHOT_DIR");
    if (screenshots.isEmpty())
        return;
    QTest::qWait(50);
    wizard.grab().save(screenshots + QStringLiteral("/bootstrap-%1.png").arg(QLatin1String(name)));
}

mode_t modeOf(const QString &path)
{
    struct stat status {};
    stat(QFile::encodeName(path).constData(), &status);
    return status.st_mode & 0777;
}

// The doctor's verdict on the cluster, as the CLI and the Overview give it.
std::optional<bool> healthyNow(ApiClient &client)
{
    DoctorOptions options;
    options.groups = {QLatin1String(BootstrapToken::kDefaultGroup)};
    options.now = QDateTime::currentDateTimeUtc();
    std::optional<bool> verdict;
    runBootstrapDoctor(client, options, std::nullopt, [&](const Result<DoctorReport> &report) {
        verdict = report && healthy(report->checks);
    });
    QDeadlineTimer deadline(15000);
    while (!verdict && !deadline.hasExpired())
        QTest::qWait(20);
    return verdict;
}

} // namespace

// The bootstrap wizard driven to its end: on an empty sandbox it sets up every part and the
// doctor agrees; stopped while applying it leaves the cluster as it was; offline it writes the
// files instead.
class TestBootstrapWizard : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;
    QTemporaryDir dir;
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<test::SessionOn> on;

    // A fresh sandbox with nothing of the bootstrap procedure (or the real cluster made as bare),
    // and an admin session on it.
    void startEmptyCluster()
    {
        on.reset();
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        QVERIFY(cluster->emptyOfBootstrap());
        on = test::SessionOn::connect(cluster->adminKubeconfig(), &error);
        QVERIFY2(on, qPrintable(error));
    }

    // Drives the wizard from its first page to the review, with `token` typed in.
    static void reachReview(QWizard &wizard, const QString &token)
    {
        wizard.show();
        QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        shoot(wizard, "cluster");
        wizard.next();
        QCOMPARE(wizard.currentId(), int(BootstrapWizard::TokenPage));
        field<QLineEdit>(wizard, "token")->setText(token);
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        shoot(wizard, "token");
        wizard.next();
        shoot(wizard, "cluster-info");
        wizard.next();
        shoot(wizard, "rbac");
        wizard.next();
        QCOMPARE(wizard.currentId(), int(BootstrapWizard::ReviewPage));
    }

private Q_SLOTS:
    void anEmptyClusterIsSetUpEndToEnd()
    {
        startEmptyCluster();
        if (!on)
            return; // failed or skipped
        QCOMPARE(healthyNow(*on->session->client()), false);

        BootstrapWizard wizard(on->session.get());
        const QString id = TestCluster::uniqueTokenId('w');
        reachReview(wizard, id + QStringLiteral(".0123456789abcdef"));
        QTRY_VERIFY_WITH_TIMEOUT(
            field<QLabel>(wizard, "verdict")->text().startsWith(QStringLiteral("✓")), 15000);
        const auto *objects = field<QTreeWidget>(wizard, "objects");
        QCOMPARE(objects->topLevelItem(0)->text(0),
                 QStringLiteral("secret/bootstrap-token-%1 -n kube-system").arg(id));
        QCOMPARE(objects->topLevelItem(0)->text(1), QStringLiteral("create"));
        const QString yaml = field<QPlainTextEdit>(wizard, "yaml")->toPlainText();
        QVERIFY2(yaml.contains(QStringLiteral("token-secret: <hidden>")), qPrintable(yaml));
        QVERIFY(!yaml.contains(QStringLiteral("MDEyMzQ1Njc4OWFiY2RlZg"))); // the secret, base64
        QVERIFY(field<QPlainTextEdit>(wizard, "kubectl")
                    ->toPlainText()
                    .contains(QStringLiteral(
                        "kubectl create clusterrolebinding kubeadm:kubelet-bootstrap")));
        shoot(wizard, "review");

        wizard.next(); // Apply
        QCOMPARE(wizard.currentId(), int(BootstrapWizard::ApplyPage));
        QTRY_VERIFY_WITH_TIMEOUT(wizard.button(QWizard::CommitButton)->isEnabled(), 20000);
        QVERIFY2(field<QLabel>(wizard, "outcome")->text().startsWith(QStringLiteral("✓")),
                 qPrintable(field<QLabel>(wizard, "outcome")->text()));
        shoot(wizard, "apply");
        wizard.next();
        QCOMPARE(wizard.currentId(), int(BootstrapWizard::FinishPage));
        QVERIFY(!wizard.button(QWizard::BackButton)->isEnabled()); // no applying twice
        const QString join = field<QLabel>(wizard, "joinCommand")->text();
        QVERIFY2(
            join.startsWith(QStringLiteral("kubeadm join ") + QUrl(cluster->url()).authority()),
            qPrintable(join));
        QVERIFY(join.contains(
            QStringLiteral("--token %1.<secret> --discovery-token-ca-cert-hash sha256:").arg(id)));
        shoot(wizard, "finish");
        QVERIFY(wizard.applied());
        QCOMPARE(healthyNow(*on->session->client()), true);

        // The bootstrap kubeconfig authenticates as the token, as the kubelet will.
        auto *finish = qobject_cast<BootstrapFinishPage *>(wizard.currentPage());
        const QString conf = dir.filePath(QStringLiteral("bootstrap-kubelet.conf"));
        QVERIFY(finish->saveBootstrapKubeconfig(conf));
        QCOMPARE(modeOf(conf), mode_t(0600));
        QVERIFY(!finish->saveBootstrapKubeconfig(conf)); // never over an existing file
        const QString kubectl = test::findKubectl();
        if (kubectl.isEmpty())
            QSKIP("kubectl is not installed: the bootstrap kubeconfig is not tried");
        const auto whoami = test::runProcess(
            kubectl,
            {QStringLiteral("auth"), QStringLiteral("whoami"), QStringLiteral("-o"),
             QStringLiteral("jsonpath={.status.userInfo.username}")},
            dir.path(), test::kubeconfigEnvironment(dir.path(), conf));
        QCOMPARE(whoami.out, "system:bootstrap:" + id.toLatin1());
    }

    void stoppedWhileApplyingTheClusterIsLeftAsItWas()
    {
        startEmptyCluster();
        if (!on)
            return; // failed or skipped
        BootstrapWizard wizard(on->session.get());
        const QString id = TestCluster::uniqueTokenId('s');
        reachReview(wizard, id + QStringLiteral(".0123456789abcdef"));
        QTRY_VERIFY_WITH_TIMEOUT(wizard.button(QWizard::CommitButton)->isEnabled(), 15000);
        wizard.next();
        // Cancel at once: the first object may be made, and is then rolled back.
        wizard.button(QWizard::CancelButton)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), 15000);
        QVERIFY(!wizard.applied());
        auto admin = on->session->client();
        const auto secret = waitFor([&](ApiClient::Callback done) {
            admin->get(QStringLiteral("/api/v1/namespaces/kube-system/secrets/bootstrap-token-")
                           + id,
                       done);
        });
        QVERIFY(!secret);
        const auto infos = waitFor([&](ApiClient::Callback done) {
            admin->get(QStringLiteral("/api/v1/namespaces/kube-public/configmaps/cluster-info"),
                       done);
        });
        QVERIFY(!infos);
    }

    void aReconnectWhileApplyingNeitherHangsTheWizardNorLeavesHalf()
    {
        startEmptyCluster();
        if (!on)
            return; // failed or skipped
        BootstrapWizard wizard(on->session.get());
        const QString id = TestCluster::uniqueTokenId('r');
        reachReview(wizard, id + QStringLiteral(".0123456789abcdef"));
        QTRY_VERIFY_WITH_TIMEOUT(wizard.button(QWizard::CommitButton)->isEnabled(), 15000);
        wizard.next();
        // F5 under the running apply: the client it started with must see it through.
        on->session->reconnect();
        QElapsedTimer closing;
        closing.start();
        wizard.button(QWizard::CancelButton)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!wizard.isVisible(), 6000);
        QVERIFY2(closing.elapsed() < 5500, qPrintable(QString::number(closing.elapsed())));
        // The apply ended, rolled back, in the activity log, and left no token behind.
        const ActivityLog *log = on->session->activity();
        QTRY_VERIFY_WITH_TIMEOUT(
            !log->index(log->rowCount() - 1, ActivityLog::Result).data().toString().isEmpty(),
            15000);
        QTRY_VERIFY(on->session->client());
        auto admin = on->session->client();
        QVERIFY(!waitFor([&](ApiClient::Callback done) {
            admin->get(QStringLiteral("/api/v1/namespaces/kube-system/secrets/bootstrap-token-")
                           + id,
                       done);
        }));
    }

    void theWholeSetUpWorksFromTheKeyboard()
    {
        startEmptyCluster();
        if (!on)
            return; // failed or skipped
        BootstrapWizard wizard(on->session.get());
        wizard.show();
        wizard.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&wizard));
        const auto enter = [&](QWizard::WizardButton ready) {
            QTRY_VERIFY_WITH_TIMEOUT(wizard.button(ready)->isEnabled(), 15000);
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        };
        for (int page = BootstrapWizard::ClusterPage; page < BootstrapWizard::ReviewPage; ++page) {
            QCOMPARE(wizard.currentId(), page);
            enter(QWizard::NextButton);
        }
        QCOMPARE(wizard.currentId(), int(BootstrapWizard::ReviewPage));
        enter(QWizard::CommitButton); // Apply
        QCOMPARE(wizard.currentId(), int(BootstrapWizard::ApplyPage));
        enter(QWizard::CommitButton);
        QCOMPARE(wizard.currentId(), int(BootstrapWizard::FinishPage));
        enter(QWizard::FinishButton);
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
        QVERIFY(wizard.applied());
        QCOMPARE(healthyNow(*on->session->client()), true);
    }

    void aTokenWithoutGroupsIsNotBoundBlindly()
    {
        startEmptyCluster();
        if (!on)
            return; // failed or skipped
        BootstrapWizard wizard(on->session.get());
        wizard.show();
        QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        wizard.next();
        field<QLineEdit>(wizard, "groups")->clear(); // allowed for a token, as in kubeadm
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        while (wizard.currentId() != BootstrapWizard::ReviewPage)
            wizard.next();
        QVERIFY2(field<QLabel>(wizard, "verdict")
                     ->text()
                     .contains(QStringLiteral("name at least one bootstrap group to bind")),
                 qPrintable(field<QLabel>(wizard, "verdict")->text()));
        QVERIFY(!wizard.button(QWizard::CommitButton)->isEnabled());
    }

    void theContextIsChosenOnTheFirstPage()
    {
        startEmptyCluster();
        if (!on)
            return; // failed or skipped
        // A second context, for a server where nothing listens.
        const QString other = dir.filePath(QStringLiteral("elsewhere.kubeconfig"));
        QVERIFY(test::writeFile(
            other,
            "clusters:\n- name: elsewhere\n  cluster: {server: https://127.0.0.1:1}\n"
            "users:\n- name: elsewhere\n  user: {token: t}\n"
            "contexts:\n- name: elsewhere\n  context: {cluster: elsewhere, user: elsewhere}\n"
            "current-context: elsewhere\n"));
        KubeconfigStore both(KubeconfigSources::resolve(
            {}, cluster->adminKubeconfig() + QLatin1Char(':') + other, dir.path()));
        ClusterSession session(&both);
        both.reload();
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ClusterSession::State::Connected, 15000);

        BootstrapWizard wizard(&session);
        wizard.show();
        auto *context = field<QComboBox>(wizard, "context");
        QCOMPARE(context->count(), 2);
        QVERIFY(field<QLabel>(wizard, "where")
                    ->text()
                    .startsWith(QStringLiteral("Applied to: Context ") + cluster->adminContext()));
        QVERIFY(!field<QCheckBox>(wizard, "offline")->isChecked());
        context->setCurrentText(QStringLiteral("elsewhere"));
        Q_EMIT context->activated(context->currentIndex());
        QTRY_COMPARE_WITH_TIMEOUT(session.state(), ClusterSession::State::Failed, 15000);
        QCOMPARE(session.context(), QStringLiteral("elsewhere"));
        QCOMPARE(field<QLabel>(wizard, "where")->text(),
                 QStringLiteral("No cluster is connected: the wizard writes files instead."));
        QVERIFY(field<QCheckBox>(wizard, "offline")->isChecked());
        QCOMPARE(field<QLineEdit>(wizard, "server")->text(), QStringLiteral("https://127.0.0.1:1"));
    }

    void nodesAreSentToKubeadmsControlPlaneEndpoint()
    {
        startEmptyCluster();
        if (!on)
            return; // failed
        QVERIFY(cluster->setControlPlaneEndpoint(QStringLiteral("lb.kubestrap.test:7443")));
        // The wizard's server for cluster-info and the join command: the load balancer's.
        BootstrapWizard wizard(on->session.get());
        wizard.show();
        QTRY_COMPARE(field<QLineEdit>(wizard, "server")->text(),
                     QStringLiteral("https://lb.kubestrap.test:7443"));
    }

    void offlineItWritesTheFilesInstead()
    {
        // No kubeconfig at all: nothing to connect to.
        QTemporaryDir home;
        KubeconfigStore nothing(KubeconfigSources::resolve({}, {}, home.path()));
        ClusterSession session(&nothing);
        nothing.reload();
        QTRY_VERIFY(nothing.isLoaded());
        // A CA of the admin's own, from a file.
        const auto key = x509::generatePrivateKey();
        x509::CertificateProfile profile;
        profile.commonName = QStringLiteral("offline-ca");
        profile.certificateAuthority = true;
        const auto ca = x509::selfSign(*key, profile);
        const QString caFile = dir.filePath(QStringLiteral("ca.crt"));
        QFile file(caFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(*ca);
        file.close();

        BootstrapWizard wizard(&session);
        wizard.show();
        auto *offline = field<QCheckBox>(wizard, "offline");
        QVERIFY(offline->isChecked());
        QVERIFY(!offline->isEnabled());
        field<QLineEdit>(wizard, "server")->setText(QStringLiteral("https://10.0.0.1:6443"));
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // no CA yet
        field<QLineEdit>(wizard, "caFile")->setText(caFile);
        QVERIFY(
            field<QLabel>(wizard, "caDetails")->text().startsWith(QStringLiteral("offline-ca")));
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        wizard.next();
        field<QLineEdit>(wizard, "token")->setText(QStringLiteral("offlin.0123456789abcdef"));
        wizard.next();
        wizard.next();
        wizard.next();
        const QString folder = dir.filePath(QStringLiteral("bundle"));
        field<QLineEdit>(wizard, "folder")->setText(folder);
        QCOMPARE(wizard.button(QWizard::CommitButton)->text().remove(QLatin1Char('&')),
                 QStringLiteral("Write files"));
        wizard.next();
        QTRY_VERIFY(wizard.button(QWizard::CommitButton)->isEnabled());
        for (const char *name : {"bootstrap.yaml", "bootstrap.sh"}) {
            const QString path = QDir(folder).filePath(QLatin1String(name));
            QVERIFY2(QFile::exists(path), name);
            QCOMPARE(modeOf(path), mode_t(0600));
        }
        QFile script(QDir(folder).filePath(QStringLiteral("bootstrap.sh")));
        QVERIFY(script.open(QIODevice::ReadOnly));
        const QByteArray commands = script.readAll();
        QVERIFY(commands.contains("kubectl create secret generic bootstrap-token-offlin"));
        QVERIFY(commands.contains("server: https://10.0.0.1:6443"));
        wizard.next();
        QVERIFY(
            field<QLabel>(wizard, "joinCommand")
                ->text()
                .startsWith(QStringLiteral("kubeadm join 10.0.0.1:6443 --token offlin.<secret>")));
    }
};

QTEST_MAIN(TestBootstrapWizard)
#include "test_bootstrap_wizard.moc"
