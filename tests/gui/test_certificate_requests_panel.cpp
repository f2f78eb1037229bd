#include "activity_log.h"
#include "certificate_requests_panel.h"
#include "cluster_client.h"
#include "cluster_session.h"
#include "gui_helpers.h"
#include "isolated_settings.h"
#include "kubectl.h"
#include "session_on.h"
#include "test_cluster.h"
#include "x509.h"

#include <QApplication>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace kubestrap;
using kubestrap::test::rowOf;
using kubestrap::test::TestCluster;
using kubestrap::test::whenModalOpens;

namespace {

const QString kCsrs = QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests");

} // namespace

// The Certificate requests panel on the demo sandbox: read a request, approve it, refuse a second
// decision, and deny a risky one.
class TestCertificateRequestsPanel : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<test::SessionOn> on;
    ClusterSession *session = nullptr;
    std::unique_ptr<CertificateRequestsPanel> panel;
    QTableView *view = nullptr;
    QLabel *details = nullptr;

    QString conditionOnServer(const QString &name)
    {
        auto admin = test::clientFor(cluster->adminKubeconfig());
        const auto csr = waitFor(
            [&](ApiClient::Callback done) { admin->get(kCsrs + QLatin1Char('/') + name, done); });
        QStringList types;
        for (const QJsonValue &condition : csr->value(QStringLiteral("status"))
                                               .toObject()
                                               .value(QStringLiteral("conditions"))
                                               .toArray())
            types << condition.toObject().value(QStringLiteral("type")).toString();
        return types.join(QLatin1Char(','));
    }

    void select(const QString &name)
    {
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(view, name) >= 0, 10000);
        view->selectRow(rowOf(view, name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                     {QStringLiteral("--demo")});
        QVERIFY2(cluster, qPrintable(error));
        on = test::SessionOn::connect(cluster->adminKubeconfig(), &error);
        QVERIFY2(on, qPrintable(error));
        session = on->session.get();
        panel = std::make_unique<CertificateRequestsPanel>(session);
        panel->resize(1000, 560);
        panel->show();
        view = panel->findChild<QTableView *>(QStringLiteral("csrTable"));
        details = panel->findChild<QLabel *>(QStringLiteral("csrDetails"));
    }

    void aPendingRequestIsReadAndApproved()
    {
        select(cluster->demo(QStringLiteral("alice-laptop")));
        QTRY_VERIFY(details->text().contains(QStringLiteral("CN=alice, O=devs")));
        // The approver's verdict follows once the roles, bindings and nodes are read: on a real
        // cluster, with its many default roles, that is later than the request.
        QTRY_VERIFY2_WITH_TIMEOUT(
            details->text().contains(QStringLiteral("not approved automatically")),
            qPrintable(details->text()), 10000);
        const QString dir = qEnvironmentVariable("KUBESTRAP_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QTest::qWait(200);
            panel->grab().save(dir + QStringLiteral("/certificate-requests.png"));
        }
        whenModalOpens<QInputDialog>([](QInputDialog *dialog) {
            dialog->setTextValue(QStringLiteral("laptop checked in person"));
            dialog->accept();
        });
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("approve")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(conditionOnServer(cluster->demo(QStringLiteral("alice-laptop"))),
                                  QStringLiteral("Approved"), 10000);
        // The signer issues it, and the table and buttons follow.
        QTRY_VERIFY_WITH_TIMEOUT(
            view->model()
                ->index(rowOf(view, cluster->demo(QStringLiteral("alice-laptop"))), 6)
                .data()
                .toString()
                .startsWith(QStringLiteral("Approved")),
            10000);
        QTRY_VERIFY(!panel->findChild<QPushButton *>(QStringLiteral("approve"))->isEnabled());
        QVERIFY(!panel->findChild<QPushButton *>(QStringLiteral("deny"))->isEnabled());
    }

    void aRiskyRequestIsFlaggedAndDenied()
    {
        // For the kube-apiserver-client signer the API server refuses system:masters outright
        // (CertificateSubjectRestriction); for the kubelet's signer it is stored, and must be
        // flagged.
        const QString name = TestCluster::uniqueName(QStringLiteral("please-admin"));
        cluster->deleteAtEnd(kCsrs + QLatin1Char('/') + name);
        const auto key = x509::generatePrivateKey();
        x509::CertificateProfile profile;
        profile.commonName = QStringLiteral("mallory");
        profile.organizations = {QStringLiteral("system:masters")};
        const auto request = x509::createRequest(*key, profile);
        auto admin = test::clientFor(cluster->adminKubeconfig());
        QVERIFY(waitFor([&](ApiClient::Callback done) {
            admin->create(
                kCsrs,
                QJsonObject{
                    {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
                    {QStringLiteral("spec"),
                     QJsonObject{
                         {QStringLiteral("request"), QString::fromLatin1(request->toBase64())},
                         {QStringLiteral("signerName"),
                          QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet")},
                         {QStringLiteral("usages"), QJsonArray{QStringLiteral("digital signature"),
                                                               QStringLiteral("client auth")}}}}},
                done);
        }));
        select(name);
        QTRY_VERIFY(details->text().contains(QStringLiteral("Risk:")));
        QVERIFY(details->text().contains(QStringLiteral("system:masters")));
        whenModalOpens<QInputDialog>([](QInputDialog *dialog) {
            dialog->setTextValue(QStringLiteral("no one gets system:masters this way"));
            dialog->accept();
        });
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("deny")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(conditionOnServer(name), QStringLiteral("Denied"), 10000);
        // Once the watch has brought the decision, the buttons say it is made...
        QTRY_VERIFY(!panel->findChild<QPushButton *>(QStringLiteral("approve"))->isEnabled());
        // ...and a decided request cannot be decided again, even by calling past them.
        panel->decide(name, true, {});
        auto *problem = panel->findChild<QWidget *>(QStringLiteral("problem"));
        QTRY_VERIFY(problem->findChild<QLabel *>()->text().contains(
            QStringLiteral("a decision cannot be reversed")));
        QCOMPARE(conditionOnServer(name), QStringLiteral("Denied"));
    }

    void theLoggedDecisionsReplay()
    {
        // The activity dock's commands name the same requests: replayed, a decision stands, and
        // the opposite one is refused, as for any decided request.
        const ActivityLog *log = session->activity();
        QStringList decisions;
        for (int row = 0; row < log->rowCount(); ++row)
            decisions << log->index(row, ActivityLog::Kubectl).data().toString();
        const QString alice = cluster->demo(QStringLiteral("alice-laptop"));
        QVERIFY(decisions.contains(QStringLiteral("kubectl certificate approve ") + alice));
        if (test::findKubectl().isEmpty())
            QSKIP("kubectl is not installed: the logged commands are not replayed");
        for (const QString &decision : decisions) {
            const auto ran = test::runInShell(decision, cluster->adminKubeconfig());
            QVERIFY2(ran.exitCode == 0, qPrintable(decision + QString::fromUtf8(ran.err)));
        }
        QCOMPARE(conditionOnServer(alice), QStringLiteral("Approved"));
        const auto ran = test::runInShell(QStringLiteral("kubectl certificate deny ") + alice,
                                          cluster->adminKubeconfig());
        QVERIFY(ran.exitCode != 0);
        QCOMPARE(conditionOnServer(alice), QStringLiteral("Approved"));
    }
};

QTEST_MAIN(TestCertificateRequestsPanel)
#include "test_certificate_requests_panel.moc"
