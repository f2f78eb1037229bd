#include "cli_runner.h"
#include "cluster_client.h"
#include "credential_issuer.h"
#include "kubectl.h"
#include "test_cluster.h"
#include "x509.h"

#include <QDeadlineTimer>
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
    QString ns; // this run's namespace for service accounts

    // A cluster-scoped object this run makes, deleted at the end.
    QString clusterWide(const QString &kind, const QString &name)
    {
        cluster->deleteAtEnd(
            QStringLiteral("/apis/rbac.authorization.k8s.io/v1/%1/%2").arg(kind, name));
        return name;
    }

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

    // Who kubectl says the file's credential is: "user | group,group". kube-apiserver learns of
    // a new token or account a moment after it is made: asked again for a few seconds.
    QString whoami(const QString &kubeconfig)
    {
        test::ProcessResult answer;
        QDeadlineTimer deadline(10000);
        while ((answer = run(kubeconfig, {QStringLiteral("auth"), QStringLiteral("whoami"),
                                          QStringLiteral("-o"),
                                          QStringLiteral("jsonpath={.status.userInfo.username} | "
                                                         "{.status.userInfo.groups}")}))
                       .exitCode
                   != 0
               && !deadline.hasExpired())
            QTest::qWait(200);
        return answer.exitCode == 0 ? QString::fromUtf8(answer.out) : QString::fromUtf8(answer.err);
    }

    // Whether `user` may `verb` `resource` in this run's namespace, once kube-apiserver's RBAC
    // has caught up with bindings just made (10 s at most).
    bool allowedSoon(const QString &user, const QString &verb, const QString &resource)
    {
        QDeadlineTimer deadline(10000);
        while (run(cluster->adminKubeconfig(),
                   {QStringLiteral("auth"), QStringLiteral("can-i"), verb, resource,
                    QStringLiteral("-n"), ns, QStringLiteral("--as=") + user})
                   .exitCode
               != 0) {
            if (deadline.hasExpired())
                return false;
            QTest::qWait(200);
        }
        return true;
    }

    // The client certificate of an exported file, as kubectl reads it from the file.
    Result<x509::CertificateInfo> certificateIn(const QString &kubeconfig)
    {
        const auto certificate =
            run(kubeconfig, {QStringLiteral("config"), QStringLiteral("view"),
                             QStringLiteral("--raw"), QStringLiteral("-o"),
                             QStringLiteral("jsonpath={.users[0].user.client-certificate-data}")});
        return x509::inspect(QByteArray::fromBase64(certificate.out));
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
        // The certificate requests of the credentials made: the cluster's record, kept by design.
        cluster->deleteNewAtEnd(
            QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests"));
        ns = cluster->createNamespace(QStringLiteral("build"));
        QVERIFY(!ns.isEmpty());
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
        // The signer writes the groups as one set, which DER sorts (ops is shorter than devs).
        QVERIFY2(done.err.contains(QStringLiteral("as alice (groups ops, devs), until")),
                 qPrintable(done.err));
        struct stat status {};
        QCOMPARE(stat(QFile::encodeName(out).constData(), &status), 0);
        QCOMPARE(status.st_mode & 0777, 0600u);
        QCOMPARE(whoami(out),
                 QStringLiteral("alice | [\"ops\",\"devs\",\"system:authenticated\"]"));
        // The key was made here, of the type asked for; the certificate lasts what was asked.
        const auto info = certificateIn(out);
        QVERIFY(info);
        QCOMPARE(info->keyType, QStringLiteral("RSA 2048"));
        QVERIFY(qAbs(info->notBefore.secsTo(info->notAfter) - 7200) < 600);
    }

    void aCertificateWithNoLifetimeAskedLastsADayAndSaysSo()
    {
        const QString out = home.filePath(QStringLiteral("erin.kubeconfig"));
        const auto done = exportAsAdmin({QStringLiteral("--credential"),
                                         QStringLiteral("client-cert"), QStringLiteral("--cn"),
                                         QStringLiteral("erin"), QStringLiteral("--out"), out});
        QVERIFY2(done.code == 0, qPrintable(done.err));
        QVERIFY2(done.err.contains(QStringLiteral("note: the certificate lasts 24h, the default "
                                                  "when no lifetime is asked; Kubernetes cannot "
                                                  "revoke it before then")),
                 qPrintable(done.err));
        const auto info = certificateIn(out);
        QVERIFY(info);
        // Not the signer's default (a year on kube-controller-manager): a day.
        QVERIFY(qAbs(info->notBefore.secsTo(info->notAfter) - 86400) < 600);

        const auto month = exportAsAdmin(
            {QStringLiteral("--credential"), QStringLiteral("client-cert"), QStringLiteral("--cn"),
             QStringLiteral("erin"), QStringLiteral("--expiration"), QStringLiteral("720h"),
             QStringLiteral("--out"), home.filePath(QStringLiteral("erin-month.kubeconfig"))});
        QVERIFY2(month.code == 0, qPrintable(month.err));
        QVERIFY2(month.err.contains(QStringLiteral(
                     "note: the certificate lasts 30d, and Kubernetes cannot revoke it")),
                 qPrintable(month.err));
    }

    void whatGoesToStandardErrorHoldsNoSecret()
    {
        // Standard output is the file, key and all; standard error is what a script logs.
        const auto done = exportAsAdmin(
            {QStringLiteral("--credential"), QStringLiteral("client-cert"), QStringLiteral("--cn"),
             QStringLiteral("frank"), QStringLiteral("--out"), QStringLiteral("-")});
        QVERIFY2(done.code == 0, qPrintable(done.err));
        const QString key = done.out.section(QStringLiteral("client-key-data: "), 1)
                                .section(QLatin1Char('\n'), 0, 0);
        QVERIFY(key.size() > 100);
        QVERIFY(!done.err.contains(key));
        QVERIFY(!done.err.contains(QStringLiteral("PRIVATE KEY")));
    }

    void aCertificateThatBypassesRbacNeedsConsent()
    {
        const QStringList asked{QStringLiteral("--credential"), QStringLiteral("client-cert"),
                                QStringLiteral("--cn"),         QStringLiteral("root"),
                                QStringLiteral("--group"),      QStringLiteral("system:masters"),
                                QStringLiteral("--out"),        QStringLiteral("-")};
        const int before = count(QStringLiteral("csr"));
        const auto refused = exportAsAdmin(asked);
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("a certificate in system:masters can do "
                                                     "anything on the cluster without RBAC")),
                 qPrintable(refused.err));
        QVERIFY2(refused.err.contains(QStringLiteral("cannot revoke it")), qPrintable(refused.err));
        QVERIFY2(refused.err.contains(QStringLiteral("--allow-privileged-groups")),
                 qPrintable(refused.err));
        QCOMPARE(count(QStringLiteral("csr")), before); // nothing was asked of the cluster
        // With consent it is asked for; kube-apiserver's own client signer still refuses it.
        const auto consented =
            exportAsAdmin(asked + QStringList{QStringLiteral("--allow-privileged-groups")});
        QCOMPARE(consented.code, 1);
        QVERIFY2(consented.err.contains(
                     QStringLiteral("signer with system:masters group is not allowed")),
                 qPrintable(consented.err));
    }

    void aServiceAccountIsMadeBoundAndGivenAToken()
    {
        const QString out = home.filePath(QStringLiteral("ci.kubeconfig"));
        const auto done = exportAsAdmin(
            {QStringLiteral("--credential"), QStringLiteral("service-account"),
             QStringLiteral("--namespace"), ns, QStringLiteral("--service-account"),
             QStringLiteral("ci-bot"), QStringLiteral("--create"),
             QStringLiteral("--bind-clusterrole"), QStringLiteral("view"),
             QStringLiteral("--expiration"), QStringLiteral("1h"), QStringLiteral("--out"), out});
        QVERIFY2(done.code == 0, qPrintable(done.err));
        QVERIFY(
            whoami(out).startsWith(QStringLiteral("system:serviceaccount:%1:ci-bot | ").arg(ns)));
        QVERIFY(exists({QStringLiteral("clusterrolebinding"),
                        clusterWide(QStringLiteral("clusterrolebindings"),
                                    QStringLiteral("kubestrap:%1:ci-bot:view").arg(ns))}));
        const auto context =
            run(out, {QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("-o"),
                      QStringLiteral("jsonpath={.contexts[0].context.namespace}")});
        QCOMPARE(context.out, ns.toUtf8());
        // A second file for the same account: it exists now, and is used as it is.
        const auto again =
            exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("service-account"),
                           QStringLiteral("--namespace"), ns, QStringLiteral("--service-account"),
                           QStringLiteral("ci-bot"), QStringLiteral("--out"),
                           home.filePath(QStringLiteral("ci-2.kubeconfig"))});
        QVERIFY2(again.code == 0, qPrintable(again.err));
    }

    void aServiceAccountCanBeBoundToARoleOfItsNamespace()
    {
        const auto role = run(cluster->adminKubeconfig(),
                              {QStringLiteral("create"), QStringLiteral("role"),
                               QStringLiteral("config-reader"), QStringLiteral("--verb=get"),
                               QStringLiteral("--resource=configmaps"), QStringLiteral("-n"), ns});
        QVERIFY2(role.exitCode == 0, role.err.constData());
        const QString out = home.filePath(QStringLiteral("reader.kubeconfig"));
        const auto done = exportAsAdmin(
            {QStringLiteral("--credential"), QStringLiteral("service-account"),
             QStringLiteral("--namespace"), ns, QStringLiteral("--service-account"),
             QStringLiteral("reader"), QStringLiteral("--create"), QStringLiteral("--bind-role"),
             QStringLiteral("config-reader"), QStringLiteral("--out"), out});
        QVERIFY2(done.code == 0, qPrintable(done.err));
        QVERIFY(
            exists({QStringLiteral("rolebinding"), QStringLiteral("kubestrap:reader:config-reader"),
                    QStringLiteral("-n"), ns}));
        const auto can =
            run(out, {QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("get"),
                      QStringLiteral("configmaps"), QStringLiteral("-n"), ns});
        QCOMPARE(can.out.trimmed(), QByteArray("yes"));
        const auto both =
            exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("service-account"),
                           QStringLiteral("--namespace"), ns, QStringLiteral("--service-account"),
                           QStringLiteral("reader"), QStringLiteral("--bind-role"),
                           QStringLiteral("a"), QStringLiteral("--bind-clusterrole"),
                           QStringLiteral("b"), QStringLiteral("--out"), QStringLiteral("-")});
        QCOMPARE(both.code, 2);
    }

    void aBootstrapTokenIsCreatedOrReused()
    {
        const QString id = TestCluster::uniqueTokenId('q');
        cluster->deleteAtEnd(
            QStringLiteral("/api/v1/namespaces/kube-system/secrets/bootstrap-token-") + id);
        const QString out = home.filePath(QStringLiteral("join.kubeconfig"));
        const auto done =
            exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("bootstrap-token"),
                           QStringLiteral("--token"), id + QStringLiteral(".0123456789abcdef"),
                           QStringLiteral("--out"), out});
        QVERIFY2(done.code == 0, qPrintable(done.err));
        QVERIFY(whoami(out).startsWith(QStringLiteral("system:bootstrap:%1 | ").arg(id)));
        QVERIFY(exists({QStringLiteral("secret"), QStringLiteral("bootstrap-token-") + id,
                        QStringLiteral("-n"), QStringLiteral("kube-system")}));
        const auto reused =
            exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("bootstrap-token"),
                           QStringLiteral("--token"), id + QStringLiteral(".0123456789abcdef"),
                           QStringLiteral("--out"), QStringLiteral("-")});
        QCOMPARE(reused.code, 0);
        QVERIFY(reused.err.contains(QStringLiteral("existed already")));
        const auto clash =
            exportAsAdmin({QStringLiteral("--credential"), QStringLiteral("bootstrap-token"),
                           QStringLiteral("--token"), id + QStringLiteral(".ffffffffffffffff"),
                           QStringLiteral("--out"), QStringLiteral("-")});
        QCOMPARE(clash.code, 1);
        QVERIFY(clash.err.contains(QStringLiteral("a different token with id ") + id));
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
                          clusterWide(QStringLiteral("clusterroles"),
                                      TestCluster::uniqueName(QStringLiteral("sa-maker"))),
                          QStringLiteral("--verb=create,delete"),
                          QStringLiteral("--resource=serviceaccounts")},
              QStringList{QStringLiteral("create"), QStringLiteral("clusterrolebinding"),
                          clusterWide(QStringLiteral("clusterrolebindings"),
                                      TestCluster::uniqueName(QStringLiteral("sa-maker"))),
                          QStringLiteral("--clusterrole=")
                              + TestCluster::uniqueName(QStringLiteral("sa-maker")),
                          QStringLiteral("--user=sa-maker")}}) {
            const auto ran = run(cluster->adminKubeconfig(), step);
            QVERIFY2(ran.exitCode == 0, ran.err.constData());
        }
        QVERIFY(allowedSoon(QStringLiteral("sa-maker"), QStringLiteral("create"),
                            QStringLiteral("serviceaccounts")));
        const QString out = home.filePath(QStringLiteral("half.kubeconfig"));
        const auto failed =
            exportAs(cluster->kubeconfigFor(QStringLiteral("sa-maker"), {}),
                     {QStringLiteral("--credential"), QStringLiteral("service-account"),
                      QStringLiteral("--namespace"), ns, QStringLiteral("--service-account"),
                      QStringLiteral("half-made"), QStringLiteral("--create"),
                      QStringLiteral("--bind-clusterrole"), QStringLiteral("cluster-admin"),
                      QStringLiteral("--out"), out});
        QCOMPARE(failed.code, 1);
        QVERIFY2(failed.err.contains(QStringLiteral("cannot create clusterrolebinding")),
                 qPrintable(failed.err));
        QVERIFY2(failed.err.contains(QStringLiteral("Deleting serviceaccount/half-made")),
                 qPrintable(failed.err));
        QVERIFY(!exists({QStringLiteral("serviceaccount"), QStringLiteral("half-made"),
                         QStringLiteral("-n"), ns}));
        QVERIFY(!QFileInfo::exists(out));
    }

    void aCertificateNoOneApprovesIsWithdrawnInTime()
    {
        // csr-maker may ask for certificates but not approve them.
        for (const QStringList &step :
             {QStringList{
                  QStringLiteral("create"), QStringLiteral("clusterrole"),
                  clusterWide(QStringLiteral("clusterroles"),
                              TestCluster::uniqueName(QStringLiteral("csr-maker"))),
                  QStringLiteral("--verb=create,get,delete"),
                  QStringLiteral("--resource=certificatesigningrequests.certificates.k8s.io")},
              QStringList{QStringLiteral("create"), QStringLiteral("clusterrolebinding"),
                          clusterWide(QStringLiteral("clusterrolebindings"),
                                      TestCluster::uniqueName(QStringLiteral("csr-maker"))),
                          QStringLiteral("--clusterrole=")
                              + TestCluster::uniqueName(QStringLiteral("csr-maker")),
                          QStringLiteral("--user=csr-maker")}}) {
            const auto ran = run(cluster->adminKubeconfig(), step);
            QVERIFY2(ran.exitCode == 0, ran.err.constData());
        }
        QVERIFY(allowedSoon(QStringLiteral("csr-maker"), QStringLiteral("create"),
                            QStringLiteral("certificatesigningrequests.certificates.k8s.io")));
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
        request.namespaceName = ns;
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
                         QStringLiteral("-n"), ns}));
        QVERIFY(!exists({QStringLiteral("clusterrolebinding"),
                         QStringLiteral("kubestrap:%1:abandoned:view").arg(ns)}));

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
                         QStringLiteral("-n"), ns}));
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
        // --wait, documented for client certificates, is an option the command knows.
        const auto wait = exportAsAdmin({QStringLiteral("--wait"), QStringLiteral("5s"),
                                         QStringLiteral("--out"), QStringLiteral("-")});
        QCOMPARE(wait.code, 2);
        QVERIFY2(wait.err.contains(QStringLiteral("--wait is for --credential client-cert")),
                 qPrintable(wait.err));
    }
};

QTEST_GUILESS_MAIN(TestExportCredentials)
#include "test_export_credentials.moc"
