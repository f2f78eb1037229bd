#include "cli_runner.h"
#include "cluster_client.h"
#include "credential_issuer.h"
#include "kubectl.h"
#include "test_cluster.h"
#include "x509.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace kubestrap;
using kubestrap::test::runCli;
using kubestrap::test::TestCluster;

// `kubestrap-cli kubeconfig export --credential …` against the sandbox: each kind of new
// credential ends in a file kubectl authenticates with, as the identity asked for; a failure
// part-way leaves neither objects on the cluster nor a file.
class TestExportCredentials : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestCluster> cluster;
    QTemporaryDir home;
    QString kubectl;

    test::CliResult exportAs(const QString &kubeconfig, const QStringList &args)
    {
        return runCli(QStringList{QStringLiteral("--kubeconfig"), kubeconfig,
                                  QStringLiteral("kubeconfig"), QStringLiteral("export")}
                      + args);
    }
    test::CliResult exportAsAdmin(const QStringList &args)
    {
        return exportAs(cluster->adminKubeconfig(), args);
    }

    test::ProcessResult run(const QString &kubeconfig, const QStringList &args)
    {
        return test::runProcess(kubectl, args, home.path(),
                                test::kubeconfigEnvironment(home.path(), kubeconfig));
    }

    // Who kubectl says the file's credential is: "user | group,group".
    QString whoami(const QString &kubeconfig)
    {
        const auto answer = run(
            kubeconfig,
            {QStringLiteral("auth"), QStringLiteral("whoami"), QStringLiteral("-o"),
             QStringLiteral("jsonpath={.status.userInfo.username} | {.status.userInfo.groups}")});
        return answer.exitCode == 0 ? QString::fromUtf8(answer.out) : QString::fromUtf8(answer.err);
    }

    bool exists(const QStringList &what)
    {
        return run(cluster->adminKubeconfig(), QStringList{QStringLiteral("get")} + what).exitCode
               == 0;
    }

    int count(const QString &resource)
    {
        const auto listed =
            run(cluster->adminKubeconfig(),
                {QStringLiteral("get"), resource, QStringLiteral("-o"), QStringLiteral("name")});
        return int(listed.out.count('\n'));
    }

private Q_SLOTS:
    void initTestCase()
    {
        kubectl = test::findKubectl();
        if (kubectl.isEmpty())
            QSKIP("kubectl is not installed: it checks the files written");
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        if (!cluster->isSandbox())
            QSKIP("makes users on the sandbox");
        const auto made =
            run(cluster->adminKubeconfig(),
                {QStringLiteral("create"), QStringLiteral("namespace"), QStringLiteral("build")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
    }

    void aClientCertificateIsAskedForApprovedAndEmbedded()
    {
        const QString out = home.filePath(QStringLiteral("alice.kubeconfig"));
        const auto done = exportAsAdmin(
            {QStringLiteral("--credential"), QStringLiteral("client-cert"), QStringLiteral("--cn"),
             QStringLiteral("alice"), QStringLiteral("--group"), QStringLiteral("devs"),
             QStringLiteral("--group"), QStringLiteral("ops"), QStringLiteral("--expiration"),
             QStringLiteral("2h"), QStringLiteral("--key-type"), QStringLiteral("rsa-2048"),
             QStringLiteral("--out"), out});
        QVERIFY2(done.code == 0, qPrintable(done.err));
        QVERIFY2(done.err.contains(QStringLiteral("as alice (groups devs, ops), until")),
                 qPrintable(done.err));
        struct stat status {};
        QCOMPARE(stat(QFile::encodeName(out).constData(), &status), 0);
        QCOMPARE(status.st_mode & 0777, 0600u);
        QCOMPARE(whoami(out),
                 QStringLiteral("alice | [\"devs\",\"ops\",\"system:authenticated\"]"));
        // The key was made here, of the type asked for; the certificate lasts what was asked.
        const auto certificate =
            run(out, {QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("--raw"),
                      QStringLiteral("-o"),
                      QStringLiteral("jsonpath={.users[0].user.client-certificate-data}")});
        const auto info = x509::inspect(QByteArray::fromBase64(certificate.out));
        QVERIFY(info);
        QCOMPARE(info->keyType, QStringLiteral("RSA 2048"));
        QVERIFY(qAbs(info->notBefore.secsTo(info->notAfter) - 7200) < 600);
    }

    void aServiceAccountIsMadeBoundAndGivenAToken()
    {
        const QString out = home.filePath(QStringLiteral("ci.kubeconfig"));
        const auto done =
            exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("service-account"),
                           QStringLiteral("--namespace"), QStringLiteral("build"),
                           QStringLiteral("--service-account"), QStringLiteral("ci-bot"),
                           QStringLiteral("--create"), QStringLiteral("--bind-clusterrole"),
                           QStringLiteral("view"), QStringLiteral("--expiration"),
                           QStringLiteral("1h"), QStringLiteral("--out"), out});
        QVERIFY2(done.code == 0, qPrintable(done.err));
        QVERIFY(whoami(out).startsWith(QStringLiteral("system:serviceaccount:build:ci-bot | ")));
        QVERIFY(exists(
            {QStringLiteral("clusterrolebinding"), QStringLiteral("kubestrap:build:ci-bot:view")}));
        const auto context =
            run(out, {QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("-o"),
                      QStringLiteral("jsonpath={.contexts[0].context.namespace}")});
        QCOMPARE(context.out, QByteArray("build"));
        // A second file for the same account: it exists now, and is used as it is.
        const auto again = exportAsAdmin(
            {QStringLiteral("--credential"), QStringLiteral("service-account"),
             QStringLiteral("--namespace"), QStringLiteral("build"),
             QStringLiteral("--service-account"), QStringLiteral("ci-bot"), QStringLiteral("--out"),
             home.filePath(QStringLiteral("ci-2.kubeconfig"))});
        QVERIFY2(again.code == 0, qPrintable(again.err));
    }

    void aServiceAccountCanBeBoundToARoleOfItsNamespace()
    {
        const auto role =
            run(cluster->adminKubeconfig(),
                {QStringLiteral("create"), QStringLiteral("role"), QStringLiteral("config-reader"),
                 QStringLiteral("--verb=get"), QStringLiteral("--resource=configmaps"),
                 QStringLiteral("-n"), QStringLiteral("build")});
        QVERIFY2(role.exitCode == 0, role.err.constData());
        const QString out = home.filePath(QStringLiteral("reader.kubeconfig"));
        const auto done =
            exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("service-account"),
                           QStringLiteral("--namespace"), QStringLiteral("build"),
                           QStringLiteral("--service-account"), QStringLiteral("reader"),
                           QStringLiteral("--create"), QStringLiteral("--bind-role"),
                           QStringLiteral("config-reader"), QStringLiteral("--out"), out});
        QVERIFY2(done.code == 0, qPrintable(done.err));
        QVERIFY(
            exists({QStringLiteral("rolebinding"), QStringLiteral("kubestrap:reader:config-reader"),
                    QStringLiteral("-n"), QStringLiteral("build")}));
        const auto can =
            run(out, {QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("get"),
                      QStringLiteral("configmaps"), QStringLiteral("-n"), QStringLiteral("build")});
        QCOMPARE(can.out.trimmed(), QByteArray("yes"));
        const auto both =
            exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("service-account"),
                           QStringLiteral("--namespace"), QStringLiteral("build"),
                           QStringLiteral("--service-account"), QStringLiteral("reader"),
                           QStringLiteral("--bind-role"), QStringLiteral("a"),
                           QStringLiteral("--bind-clusterrole"), QStringLiteral("b"),
                           QStringLiteral("--out"), QStringLiteral("-")});
        QCOMPARE(both.code, 2);
    }

    void aBootstrapTokenIsCreatedOrReused()
    {
        const QString out = home.filePath(QStringLiteral("join.kubeconfig"));
        const auto done =
            exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("bootstrap-token"),
                           QStringLiteral("--token"), QStringLiteral("qwerty.0123456789abcdef"),
                           QStringLiteral("--out"), out});
        QVERIFY2(done.code == 0, qPrintable(done.err));
        QVERIFY(whoami(out).startsWith(QStringLiteral("system:bootstrap:qwerty | ")));
        QVERIFY(exists({QStringLiteral("secret"), QStringLiteral("bootstrap-token-qwerty"),
                        QStringLiteral("-n"), QStringLiteral("kube-system")}));
        const auto reused =
            exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("bootstrap-token"),
                           QStringLiteral("--token"), QStringLiteral("qwerty.0123456789abcdef"),
                           QStringLiteral("--out"), QStringLiteral("-")});
        QCOMPARE(reused.code, 0);
        QVERIFY(reused.err.contains(QStringLiteral("existed already")));
        const auto clash =
            exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("bootstrap-token"),
                           QStringLiteral("--token"), QStringLiteral("qwerty.ffffffffffffffff"),
                           QStringLiteral("--out"), QStringLiteral("-")});
        QCOMPARE(clash.code, 1);
        QVERIFY(clash.err.contains(QStringLiteral("a different token with id qwerty")));
    }

    void anExistingFileIsRefusedBeforeTheClusterIsTouched()
    {
        const QString out = home.filePath(QStringLiteral("taken.kubeconfig"));
        QFile taken(out);
        QVERIFY(taken.open(QIODevice::WriteOnly));
        taken.write("mine\n");
        taken.close();
        const int csrs = count(QStringLiteral("csr"));
        const auto refused = exportAsAdmin({QStringLiteral("--credential"),
                                            QStringLiteral("client-cert"), QStringLiteral("--cn"),
                                            QStringLiteral("bob"), QStringLiteral("--out"), out});
        QCOMPARE(refused.code, 1);
        QVERIFY(refused.err.contains(QStringLiteral("--force")));
        QCOMPARE(count(QStringLiteral("csr")), csrs);
        QFile kept(out);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("mine\n"));
    }

    void aFailurePartWayUndoesWhatWasMade()
    {
        // sa-maker may create and delete service accounts, and nothing else: the binding fails.
        for (const QStringList &step :
             {QStringList{QStringLiteral("create"), QStringLiteral("clusterrole"),
                          QStringLiteral("sa-maker"), QStringLiteral("--verb=create,delete"),
                          QStringLiteral("--resource=serviceaccounts")},
              QStringList{QStringLiteral("create"), QStringLiteral("clusterrolebinding"),
                          QStringLiteral("sa-maker"), QStringLiteral("--clusterrole=sa-maker"),
                          QStringLiteral("--user=sa-maker")}}) {
            const auto ran = run(cluster->adminKubeconfig(), step);
            QVERIFY2(ran.exitCode == 0, ran.err.constData());
        }
        const QString out = home.filePath(QStringLiteral("half.kubeconfig"));
        const auto failed =
            exportAs(cluster->kubeconfigFor(QStringLiteral("sa-maker"), {}),
                     {QStringLiteral("--credential"), QStringLiteral("service-account"),
                      QStringLiteral("--namespace"), QStringLiteral("build"),
                      QStringLiteral("--service-account"), QStringLiteral("half-made"),
                      QStringLiteral("--create"), QStringLiteral("--bind-clusterrole"),
                      QStringLiteral("cluster-admin"), QStringLiteral("--out"), out});
        QCOMPARE(failed.code, 1);
        QVERIFY2(failed.err.contains(QStringLiteral("cannot create clusterrolebinding")),
                 qPrintable(failed.err));
        QVERIFY2(failed.err.contains(QStringLiteral("Deleting serviceaccount/half-made")),
                 qPrintable(failed.err));
        QVERIFY(!exists({QStringLiteral("serviceaccount"), QStringLiteral("half-made"),
                         QStringLiteral("-n"), QStringLiteral("build")}));
        QVERIFY(!QFileInfo::exists(out));
    }

    void aCertificateNoOneApprovesIsWithdrawnInTime()
    {
        // csr-maker may ask for certificates but not approve them.
        for (const QStringList &step :
             {QStringList{
                  QStringLiteral("create"), QStringLiteral("clusterrole"),
                  QStringLiteral("csr-maker"), QStringLiteral("--verb=create,get,delete"),
                  QStringLiteral("--resource=certificatesigningrequests.certificates.k8s.io")},
              QStringList{QStringLiteral("create"), QStringLiteral("clusterrolebinding"),
                          QStringLiteral("csr-maker"), QStringLiteral("--clusterrole=csr-maker"),
                          QStringLiteral("--user=csr-maker")}}) {
            const auto ran = run(cluster->adminKubeconfig(), step);
            QVERIFY2(ran.exitCode == 0, ran.err.constData());
        }
        const int csrs = count(QStringLiteral("csr"));
        auto client = test::clientFor(cluster->kubeconfigFor(QStringLiteral("csr-maker"), {}));
        QVERIFY(client);
        CredentialRequest request;
        request.commonName = QStringLiteral("carol");
        request.issueTimeout = std::chrono::milliseconds(1500);
        CredentialIssuer issuer(client.get(), request);
        QStringList steps;
        connect(&issuer, &CredentialIssuer::progress, this,
                [&steps](const QString &step) { steps << step; });
        std::optional<Result<IssuedCredential>> answer;
        issuer.start([&answer](const Result<IssuedCredential> &r) { answer = r; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
        QVERIFY(!*answer);
        QVERIFY2(answer->error().message.contains(QStringLiteral("was not approved in time")),
                 qPrintable(answer->error().message));
        QVERIFY2(
            steps.join(QLatin1Char('\n')).contains(QStringLiteral("kubectl certificate approve")),
            qPrintable(steps.join(QLatin1Char('\n'))));
        QCOMPARE(count(QStringLiteral("csr")), csrs);
    }

    void cancellingUndoesWhatWasMade()
    {
        auto client = test::clientFor(cluster->adminKubeconfig());
        CredentialRequest request;
        request.kind = CredentialRequest::Kind::ServiceAccount;
        request.namespaceName = QStringLiteral("build");
        request.serviceAccount = QStringLiteral("abandoned");
        request.createServiceAccount = true;
        request.bindClusterRole = QStringLiteral("view");
        CredentialIssuer issuer(client.get(), request);
        std::optional<Result<IssuedCredential>> answer;
        // Cancelled once the account exists, while the binding is being made.
        connect(&issuer, &CredentialIssuer::progress, this, [&issuer](const QString &step) {
            if (step.startsWith(QStringLiteral("Creating clusterrolebinding")))
                issuer.cancel();
        });
        issuer.start([&answer](const Result<IssuedCredential> &r) { answer = r; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
        QVERIFY(!*answer);
        QCOMPARE(answer->error().message, QStringLiteral("cancelled"));
        QVERIFY(!exists({QStringLiteral("serviceaccount"), QStringLiteral("abandoned"),
                         QStringLiteral("-n"), QStringLiteral("build")}));
        QVERIFY(!exists({QStringLiteral("clusterrolebinding"),
                         QStringLiteral("kubestrap:build:abandoned:view")}));

        // A finished issue abandoned afterwards (the file was never written) is undone too.
        answer.reset();
        request.serviceAccount = QStringLiteral("unused");
        CredentialIssuer finished(client.get(), request);
        finished.start([&answer](const Result<IssuedCredential> &r) { answer = r; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
        QVERIFY(*answer);
        QCOMPARE(finished.created().size(), 2);
        std::optional<QString> left;
        finished.undo([&left](const QString &l) { left = l; });
        QTRY_VERIFY_WITH_TIMEOUT(left.has_value(), 10000);
        QCOMPARE(*left, QString());
        QVERIFY(!exists({QStringLiteral("serviceaccount"), QStringLiteral("unused"),
                         QStringLiteral("-n"), QStringLiteral("build")}));
    }

    void optionsThatDoNotBelongTogetherAreRefused()
    {
        const auto mixed = exportAsAdmin({QStringLiteral("--cn"), QStringLiteral("x"),
                                          QStringLiteral("--out"), QStringLiteral("-")});
        QCOMPARE(mixed.code, 2);
        QVERIFY2(mixed.err.contains(QStringLiteral("--cn is for --credential client-cert")),
                 qPrintable(mixed.err));
        const auto unknown = exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("magic"),
                                            QStringLiteral("--out"), QStringLiteral("-")});
        QCOMPARE(unknown.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestExportCredentials)
#include "test_export_credentials.moc"
