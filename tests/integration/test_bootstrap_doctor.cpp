#include "api_paths.h"
#include "bootstrap_apply.h"
#include "cli_runner.h"
#include "cluster_client.h"
#include "jws.h"
#include "test_cluster.h"
#include "test_files.h"
#include "x509.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

using namespace kubestrap;
using kubestrap::test::runCli;
using kubestrap::test::TestCluster;

// bootstrap doctor and apply against sandboxes: set up from nothing, judged healthy, left alone
// the second time, broken and repaired; hand-made RBAC recognised; dangers and a switched-off
// authenticator named; a failure part-way rolled back; and the join path walked as a node walks it.
class TestBootstrapDoctor : public QObject {
    Q_OBJECT

private:
    // A cluster without the bootstrap objects: a new sandbox, or the real cluster with kubeadm's
    // objects removed until the end.
    static std::unique_ptr<TestCluster> sandbox()
    {
        QString error;
        auto cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        if (!cluster)
            qWarning("%s", qPrintable(error));
        if (cluster && !cluster->emptyOfBootstrap())
            return nullptr;
        return cluster;
    }

    // The token a `bootstrap apply` made, from its join command, deleted at the end.
    static QRegularExpressionMatch joinOf(TestCluster &cluster, const QString &output)
    {
        const auto join =
            QRegularExpression(
                QStringLiteral(
                    "--token ([a-z0-9]{6})\\.([a-z0-9]{16}) --discovery-token-ca-cert-hash (\\S+)"))
                .match(output);
        if (join.hasMatch())
            cluster.deleteAtEnd(paths::tokenSecret(join.captured(1)));
        return join;
    }

    static test::CliResult cli(const TestCluster &cluster, const QStringList &args)
    {
        return runCli(QStringList{QStringLiteral("--kubeconfig"), cluster.adminKubeconfig(),
                                  QStringLiteral("bootstrap")}
                      + args);
    }

    static Result<QJsonObject> call(const std::function<void(ApiClient::Callback)> &send)
    {
        return waitFor(send);
    }

    static QString rbac(const QString &rest)
    {
        return QStringLiteral("/apis/rbac.authorization.k8s.io/v1/") + rest;
    }

    static QJsonObject binding(const QString &name, const QString &role, const QJsonObject &subject)
    {
        return {
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
            {QStringLiteral("roleRef"),
             QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                         {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                         {QStringLiteral("name"), role}}},
            {QStringLiteral("subjects"), QJsonArray{subject}}};
    }

    static QJsonObject group(const QString &name)
    {
        return {{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                {QStringLiteral("kind"), QStringLiteral("Group")},
                {QStringLiteral("name"), name}};
    }

private Q_SLOTS:
    void applyDoctorRepeatBreakRepair()
    {
        const auto cluster = sandbox();
        QVERIFY(cluster);
        auto before = cli(*cluster, {QStringLiteral("doctor")});
        QCOMPARE(before.code, 1);
        QVERIFY2(before.out.contains(QStringLiteral("MISSING cluster-info")),
                 qPrintable(before.out));

        const auto applied = cli(*cluster, {QStringLiteral("apply")});
        QVERIFY2(applied.code == 0, qPrintable(applied.err));
        QVERIFY(joinOf(*cluster, applied.out).hasMatch());
        QCOMPARE(applied.out.count(QStringLiteral("created       ")), 9);
        QVERIFY2(applied.out.contains(QRegularExpression(
                     QStringLiteral("\\nkubeadm join ")
                     + QRegularExpression::escape(QUrl(cluster->url()).authority())
                     + QStringLiteral(" --token [a-z0-9]{6}\\.[a-z0-9]{16} "
                                      "--discovery-token-ca-cert-hash sha256:[0-9a-f]{64}\\n"))),
                 qPrintable(applied.out));
        // The BootstrapSigner signs cluster-info within moments.
        QTRY_COMPARE_WITH_TIMEOUT(cli(*cluster, {QStringLiteral("doctor")}).code, 0, 15000);

        const auto again = cli(*cluster, {QStringLiteral("apply")});
        QCOMPARE(again.code, 0);
        QVERIFY2(again.out.contains(QStringLiteral("nothing to do")), qPrintable(again.out));
        QVERIFY(!again.out.contains(QStringLiteral("created"))
                && !again.out.contains(QStringLiteral("updated")));

        auto admin = test::clientFor(cluster->adminKubeconfig());
        QVERIFY(call([&](ApiClient::Callback done) {
            admin->remove(rbac(QStringLiteral("clusterrolebindings/kubeadm:get-nodes")), done);
        }));
        const auto broken = cli(*cluster, {QStringLiteral("doctor")});
        QCOMPARE(broken.code, 1);
        QVERIFY2(broken.out.contains(QStringLiteral("may not get nodes"))
                     && broken.out.contains(QStringLiteral("[apply repairs: get-nodes]")),
                 qPrintable(broken.out));
        // The same verdict for scripts: the failing check names the part that repairs it.
        const auto asJson =
            cli(*cluster, {QStringLiteral("doctor"), QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(asJson.code, 1);
        const QJsonObject report = QJsonDocument::fromJson(asJson.out.toUtf8()).object();
        QCOMPARE(report.value(QStringLiteral("healthy")), QJsonValue(false));
        QStringList failing;
        for (const QJsonValue &check : report.value(QStringLiteral("checks")).toArray()) {
            const QJsonObject object = check.toObject();
            const QString state = object.value(QStringLiteral("state")).toString();
            QVERIFY2(QStringList({QStringLiteral("ok"), QStringLiteral("missing"),
                                  QStringLiteral("differs"), QStringLiteral("warning")})
                         .contains(state),
                     qPrintable(state));
            if (state == QStringLiteral("missing") || state == QStringLiteral("differs"))
                failing << object.value(QStringLiteral("repairedBy")).toString();
        }
        QCOMPARE(failing, QStringList{QStringLiteral("get-nodes")});
        const auto repaired = cli(*cluster, {QStringLiteral("apply")});
        QCOMPARE(repaired.code, 0);
        QCOMPARE(repaired.out.count(QStringLiteral("created       ")), 1);
        QVERIFY2(repaired.out.contains(
                     QStringLiteral("created       clusterrolebinding/kubeadm:get-nodes")),
                 qPrintable(repaired.out));
        QCOMPARE(cli(*cluster, {QStringLiteral("doctor")}).code, 0);
    }

    void applySendsNodesToKubeadmsControlPlaneEndpoint()
    {
        const auto cluster = sandbox();
        QVERIFY(cluster);
        QVERIFY(cluster->setControlPlaneEndpoint(QStringLiteral("lb.kubestrap.test")));
        auto admin = test::clientFor(cluster->adminKubeconfig());
        const auto applied = cli(*cluster, {QStringLiteral("apply")});
        QVERIFY2(applied.code == 0, qPrintable(applied.err));
        QVERIFY(joinOf(*cluster, applied.out).hasMatch());
        QVERIFY2(
            applied.out.contains(QStringLiteral("\nkubeadm join lb.kubestrap.test:6443 --token ")),
            qPrintable(applied.out));
        const auto info =
            call([&](ApiClient::Callback done) { admin->get(paths::clusterInfo(), done); });
        QVERIFY(info);
        QCOMPARE(decodeClusterInfo(*info)->server,
                 QStringLiteral("https://lb.kubestrap.test:6443"));
    }

    void handMadeRbacIsRecognisedByItsEffect()
    {
        const auto cluster = sandbox();
        QVERIFY(cluster);
        auto admin = test::clientFor(cluster->adminKubeconfig());
        // Someone bound the node-bootstrapper role under a name of their own.
        const QString ours = TestCluster::uniqueName(QStringLiteral("our-nodes-may-ask"));
        cluster->deleteAtEnd(rbac(QStringLiteral("clusterrolebindings/")) + ours);
        QVERIFY(call([&](ApiClient::Callback done) {
            admin->create(rbac(QStringLiteral("clusterrolebindings")),
                          binding(ours, QStringLiteral("system:node-bootstrapper"),
                                  group(QLatin1String(BootstrapToken::kDefaultGroup))),
                          done);
        }));
        const auto applied = cli(*cluster, {QStringLiteral("apply")});
        QCOMPARE(applied.code, 0);
        joinOf(*cluster, applied.out);
        QVERIFY2(!applied.out.contains(QStringLiteral("kubeadm:kubelet-bootstrap")),
                 qPrintable(applied.out));
        QTRY_COMPARE_WITH_TIMEOUT(cli(*cluster, {QStringLiteral("doctor")}).code, 0, 15000);
        const auto doctor = cli(*cluster, {QStringLiteral("doctor")});
        QVERIFY2(doctor.out.contains(QStringLiteral("ClusterRoleBinding \"%1\"").arg(ours)),
                 qPrintable(doctor.out));
    }

    void dangersAndADisabledAuthenticatorAreNamed()
    {
        // A sandbox of its own: an API server whose bootstrap-token authenticator is off.
        QString error;
        const auto cluster =
            TestCluster::startSandbox(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                      {QStringLiteral("--enable-bootstrap-token-auth=false")});
        QVERIFY2(cluster, qPrintable(error));
        QCOMPARE(cli(*cluster, {QStringLiteral("apply")}).code, 0);
        auto admin = test::clientFor(cluster->adminKubeconfig());
        QVERIFY(call([&](ApiClient::Callback done) {
            admin->create(rbac(QStringLiteral("clusterrolebindings")),
                          binding(QStringLiteral("oops"), QStringLiteral("cluster-admin"),
                                  group(QLatin1String(BootstrapToken::kDefaultGroup))),
                          done);
        }));
        QVERIFY(call([&](ApiClient::Callback done) {
            admin->create(
                rbac(QStringLiteral("clusterrolebindings")),
                binding(QStringLiteral("serving-certs"),
                        QStringLiteral(
                            "system:certificates.k8s.io:certificatesigningrequests:selfnodeserver"),
                        group(QStringLiteral("system:nodes"))),
                done);
        }));
        const auto doctor = cli(*cluster, {QStringLiteral("doctor")});
        QCOMPARE(doctor.code, 1);
        QVERIFY2(doctor.out.contains(
                     QStringLiteral("may do anything (cluster-admin or a wildcard rule)")),
                 qPrintable(doctor.out));
        QVERIFY2(doctor.out.contains(QStringLiteral("a selfnodeserver grant does nothing")),
                 qPrintable(doctor.out));
        QVERIFY2(doctor.out.contains(
                     QStringLiteral("bootstrap-token authentication is off on the API server")),
                 qPrintable(doctor.out));
    }

    void aFailurePartWayIsRolledBack()
    {
        const auto cluster = sandbox();
        QVERIFY(cluster);
        auto admin = test::clientFor(cluster->adminKubeconfig());
        BootstrapOptions options;
        options.server = cluster->url();
        options.certificateAuthority = admin->connection().certificateAuthorityPem();
        options.token = *BootstrapToken::generate(QDateTime::currentDateTimeUtc());
        options.groups = {QLatin1String(BootstrapToken::kDefaultGroup)};
        for (const BootstrapPart part : allBootstrapParts())
            options.parts.insert(part);
        const auto plan = planBootstrap(options);
        QVERIFY(plan);
        BootstrapApply apply(admin.get(), *plan);
        // After the dry run, and once four objects exist, someone else creates the fifth.
        const PlannedObject &fifth = (*plan)[4];
        QObject::connect(&apply, &BootstrapApply::stepChanged,
                         [&](int index, const ApplyStep &step) {
                             if (index == 3 && step.done)
                                 QVERIFY(call([&](ApiClient::Callback done) {
                                     admin->create(fifth.collectionPath, fifth.object, done);
                                 }));
                         });
        std::optional<bool> ok;
        QString message;
        QObject::connect(&apply, &BootstrapApply::finished, [&](bool success, const QString &why) {
            ok = success;
            message = why;
        });
        apply.start();
        QTRY_VERIFY_WITH_TIMEOUT(ok.has_value(), 20000);
        QVERIFY(!*ok);
        QVERIFY2(message.contains(QStringLiteral("rolled back")), qPrintable(message));
        for (size_t i = 0; i < plan->size(); ++i) {
            const auto held =
                call([&](ApiClient::Callback done) { admin->get((*plan)[i].path, done); });
            // Only the object someone else made is left; this run's are gone.
            QVERIFY2(bool(held) == (i == 4), qPrintable((*plan)[i].displayName()));
        }
    }

    void theJoinPathWorksAsANodeWalksIt()
    {
        const auto cluster = sandbox();
        QVERIFY(cluster);
        const auto applied = cli(*cluster, {QStringLiteral("apply")});
        QCOMPARE(applied.code, 0);
        const auto join = joinOf(*cluster, applied.out);
        QVERIFY(join.hasMatch());
        auto admin = test::clientFor(cluster->adminKubeconfig());

        // 1. Anonymously, as a node that holds nothing yet, read cluster-info.
        ApiClient anonymous(admin->connection().withBearerTokenOnly({}));
        std::optional<ClusterInfo> info;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto map = call(
                    [&](ApiClient::Callback done) { anonymous.get(paths::clusterInfo(), done); });
                if (!map)
                    return false;
                auto decoded = decodeClusterInfo(*map);
                if (!decoded || !decoded->signatures.count(join.captured(1)))
                    return false; // the signer has not been by yet
                info = *decoded;
                return true;
            }(),
            15000);
        // 2. Check its signature with the token, and the CA against the pin.
        QVERIFY(jws::verifyDetached(info->kubeconfig, info->signatures.at(join.captured(1)),
                                    join.captured(1), join.captured(2)));
        QCOMPARE(*x509::publicKeyPin(info->certificateAuthorityPem), join.captured(3));
        // 3. With the token, ask for a client certificate; the approver and signer answer.
        ApiClient node(admin->connection().withBearerTokenOnly(
            (join.captured(1) + QLatin1Char('.') + join.captured(2)).toUtf8()));
        const auto key = x509::generatePrivateKey();
        x509::CertificateProfile profile;
        profile.commonName = QStringLiteral("system:node:worker-1");
        profile.organizations = {QStringLiteral("system:nodes")};
        const auto csr = x509::createRequest(*key, profile);
        const QString csrs =
            QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests");
        const QString csrName = TestCluster::uniqueName(QStringLiteral("node-csr"));
        cluster->deleteAtEnd(csrs + QLatin1Char('/') + csrName);
        const auto created = call([&](ApiClient::Callback done) {
            node.create(
                csrs,
                QJsonObject{
                    {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), csrName}}},
                    {QStringLiteral("spec"),
                     QJsonObject{
                         {QStringLiteral("request"), QString::fromLatin1(csr->toBase64())},
                         {QStringLiteral("signerName"),
                          QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet")},
                         {QStringLiteral("usages"), QJsonArray{QStringLiteral("digital signature"),
                                                               QStringLiteral("client auth")}}}}},
                done);
        });
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
        QByteArray certificate;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto held = call([&](ApiClient::Callback done) {
                    admin->get(csrs + QLatin1Char('/') + csrName, done);
                });
                certificate = held
                                  ? QByteArray::fromBase64(held->value(QStringLiteral("status"))
                                                               .toObject()
                                                               .value(QStringLiteral("certificate"))
                                                               .toString()
                                                               .toLatin1())
                                  : QByteArray();
                return !certificate.isEmpty();
            }(),
            15000);
        const auto issued = x509::inspect(certificate);
        QVERIFY(issued);
        QCOMPARE(issued->commonName, QStringLiteral("system:node:worker-1"));
        QVERIFY(x509::issuedBy(certificate, info->certificateAuthorityPem));
    }
};

QTEST_GUILESS_MAIN(TestBootstrapDoctor)
#include "test_bootstrap_doctor.moc"
