#include "api_client.h"
#include "bootstrap_token.h"
#include "cli_runner.h"
#include "cluster_client.h"
#include "csr_review.h"
#include "object_meta.h"
#include "test_cluster.h"
#include "test_files.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::TestCluster;

namespace {

const QString kCsrs = QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests");
const QString kKubeletSigner = QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet");

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

// Kubestrap's verdict on certificate requests against the cluster's own approver: a joining
// node's requests of every shape are sent with a bootstrap token whose group may ask for node
// client certificates, and each ends Approved exactly where reviewCsr said the approver would
// approve it. On the sandbox this checks the sandbox's approver; on a real cluster,
// kube-controller-manager's.
class TestCsrApprover : public QObject {
    Q_OBJECT

    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<ApiClient> admin;
    std::unique_ptr<ApiClient> node;
    QString tokenId = TestCluster::uniqueTokenId('c');

    Result<QJsonObject> call(const std::function<void(ApiClient &, ApiClient::Callback)> &send,
                             ApiClient &as)
    {
        return waitFor([&](ApiClient::Callback done) { send(as, done); });
    }

    std::vector<QJsonObject> items(const QString &path)
    {
        const auto list = call([&](ApiClient &c, auto done) { c.get(path, done); }, *admin);
        std::vector<QJsonObject> objects;
        for (const QJsonValue &item :
             list ? list->value(QStringLiteral("items")).toArray() : QJsonArray())
            objects.push_back(item.toObject());
        return objects;
    }

    // The approver's question, asked of the cluster's authorizer.
    bool mayAskForNodeClients()
    {
        const QJsonObject review{
            {QStringLiteral("apiVersion"), QStringLiteral("authorization.k8s.io/v1")},
            {QStringLiteral("kind"), QStringLiteral("SubjectAccessReview")},
            {QStringLiteral("spec"),
             QJsonObject{
                 {QStringLiteral("user"), QStringLiteral("system:bootstrap:") + tokenId},
                 {QStringLiteral("groups"), strings({QStringLiteral("system:bootstrappers"),
                                                     QLatin1String(BootstrapToken::kDefaultGroup),
                                                     QStringLiteral("system:authenticated")})},
                 {QStringLiteral("resourceAttributes"),
                  QJsonObject{
                      {QStringLiteral("group"), QStringLiteral("certificates.k8s.io")},
                      {QStringLiteral("resource"), QStringLiteral("certificatesigningrequests")},
                      {QStringLiteral("subresource"), QStringLiteral("nodeclient")},
                      {QStringLiteral("verb"), QStringLiteral("create")}}}}}};
        const auto answer = call(
            [&](ApiClient &c, auto done) {
                c.create(QStringLiteral("/apis/authorization.k8s.io/v1/subjectaccessreviews"),
                         review, done);
            },
            *admin);
        return answer
               && answer->value(QStringLiteral("status"))
                      .toObject()
                      .value(QStringLiteral("allowed"))
                      .toBool();
    }

    // A request for `cn` in `organizations`, with `usages` and `dnsNames`, or the PEM given.
    QJsonObject request(const QString &name, const QString &cn, const QStringList &organizations,
                        const QStringList &usages, const QStringList &dnsNames = {},
                        const QByteArray &pem = {})
    {
        QByteArray csr = pem;
        if (csr.isEmpty()) {
            x509::CertificateProfile profile;
            profile.commonName = cn;
            profile.organizations = organizations;
            profile.dnsNames = dnsNames;
            csr = *x509::createRequest(*x509::generatePrivateKey(), profile);
        }
        return {{QStringLiteral("apiVersion"), QStringLiteral("certificates.k8s.io/v1")},
                {QStringLiteral("kind"), QStringLiteral("CertificateSigningRequest")},
                {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
                {QStringLiteral("spec"),
                 QJsonObject{{QStringLiteral("request"), QString::fromLatin1(csr.toBase64())},
                             {QStringLiteral("signerName"), kKubeletSigner},
                             {QStringLiteral("usages"), strings(usages)}}}};
    }

    // Binds the default node token group to `clusterRole`, until the end.
    bool bindTokenGroup(const QString &prefix, const QString &clusterRole)
    {
        const QString binding = TestCluster::uniqueName(prefix);
        cluster->deleteAtEnd(
            QStringLiteral("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/") + binding);
        const QJsonObject body{
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), binding}}},
            {QStringLiteral("roleRef"),
             QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                         {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                         {QStringLiteral("name"), clusterRole}}},
            {QStringLiteral("subjects"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                 {QStringLiteral("kind"), QStringLiteral("Group")},
                 {QStringLiteral("name"), QLatin1String(BootstrapToken::kDefaultGroup)}}}}};
        return bool(call(
            [&](ApiClient &c, auto done) {
                c.create(QStringLiteral("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings"),
                         body, done);
            },
            *admin));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        admin = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(admin, qPrintable(error));
        // A joining node's token, and the binding kubeadm makes for its group.
        auto token = BootstrapToken::generate(QDateTime::currentDateTimeUtc());
        QVERIFY(token);
        token->id = tokenId;
        cluster->deleteAtEnd(QStringLiteral("/api/v1/namespaces/kube-system/secrets/")
                             + token->secretName());
        QVERIFY(call(
            [&](ApiClient &c, auto done) {
                c.create(QStringLiteral("/api/v1/namespaces/kube-system/secrets"),
                         token->toSecret(), done);
            },
            *admin));
        // As kubeadm binds them: the token's group may send requests, and ask for node clients.
        QVERIFY(bindTokenGroup(QStringLiteral("bootstrapper"),
                               QStringLiteral("system:node-bootstrapper")));
        QVERIFY(bindTokenGroup(
            QStringLiteral("autoapprove"),
            QStringLiteral("system:certificates.k8s.io:certificatesigningrequests:nodeclient")));
        QTRY_VERIFY_WITH_TIMEOUT(mayAskForNodeClients(), 10000);
        node = test::clientFor(cluster->kubeconfigForToken(token->token()), &error);
        QVERIFY2(node, qPrintable(error));
    }

    void everyRequestIsApprovedExactlyWhereTheReviewSaid()
    {
        const QString cn =
            QStringLiteral("system:node:") + TestCluster::uniqueName(QStringLiteral("w"));
        const QStringList nodes{QStringLiteral("system:nodes")};
        const QStringList rsa{QStringLiteral("digital signature"),
                              QStringLiteral("key encipherment"), QStringLiteral("client auth")};
        const QStringList noRsa{QStringLiteral("digital signature"), QStringLiteral("client auth")};
        const QString prefix = TestCluster::uniqueName(QStringLiteral("approver"));
        const std::vector<QJsonObject> sent{
            request(prefix + QStringLiteral("-rsa"), cn, nodes, rsa),
            request(prefix + QStringLiteral("-no-rsa"), cn, nodes, noRsa),
            request(prefix + QStringLiteral("-client-auth-only"), cn, nodes,
                    {QStringLiteral("client auth")}),
            request(prefix + QStringLiteral("-and-server-auth"), cn, nodes,
                    rsa + QStringList{QStringLiteral("server auth")}),
            request(prefix + QStringLiteral("-dns"), cn, nodes, rsa, {QStringLiteral("w1")}),
            request(prefix + QStringLiteral("-email-uri"), {}, {}, noRsa, {},
                    test::readFile(QStringLiteral(KUBESTRAP_DATA "/csr/email-and-uri.csr"))),
            request(prefix + QStringLiteral("-not-a-node"), QStringLiteral("alice"), nodes, rsa),
            request(prefix + QStringLiteral("-masters"), cn, {QStringLiteral("system:masters")},
                    rsa)};
        for (const QJsonObject &csr : sent) {
            const QString name = kubestrap::objectName(csr);
            cluster->deleteAtEnd(kCsrs + QLatin1Char('/') + name);
            // The API server learns of a new token a moment after it is made.
            QString why;
            QTRY_VERIFY2_WITH_TIMEOUT(
                [&] {
                    const auto made =
                        call([&](ApiClient &c, auto done) { c.create(kCsrs, csr, done); }, *node);
                    // QTRY_ asks once more when done: made already is made.
                    if (made || made.error().detail == QLatin1String("AlreadyExists"))
                        return true;
                    why = name + QStringLiteral(": ") + made.error().message;
                    return false;
                }(),
                qPrintable(why), 10000);
        }
        // The approver answers within a moment; then the rest stay as they are.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                int approved = 0;
                for (const QJsonObject &csr : items(kCsrs)) {
                    if (kubestrap::objectName(csr).startsWith(prefix)
                        && reviewCsr(csr, rbac::Authorizer({}, {}, {}, {}), {}).decision
                               == CsrReview::Decision::Approved)
                        ++approved;
                }
                return approved >= 2;
            }(),
            20000);
        QTest::qWait(3000);

        // The verdict as scripts read it: kubestrap-cli csr list -o json's autoApproval.
        const auto listed = test::runCli(
            {QStringLiteral("--kubeconfig"), cluster->adminKubeconfig(), QStringLiteral("csr"),
             QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(listed.code, 0);
        int compared = 0;
        int approved = 0;
        for (const QJsonValue &value : QJsonDocument::fromJson(listed.out.toUtf8()).array()) {
            const QJsonObject entry = value.toObject();
            const QString name = entry.value(QStringLiteral("name")).toString();
            if (!name.startsWith(prefix))
                continue;
            const QJsonObject verdict = entry.value(QStringLiteral("autoApproval")).toObject();
            const bool isApproved = entry.value(QStringLiteral("condition"))
                                        .toString()
                                        .startsWith(QLatin1String("Approved"));
            QVERIFY2(
                isApproved == verdict.value(QStringLiteral("approves")).toBool(),
                qPrintable(
                    QStringLiteral("%1: the cluster %2 it, Kubestrap said: %3")
                        .arg(name, isApproved ? QStringLiteral("approved") : QStringLiteral("left"),
                             verdict.value(QStringLiteral("reason")).toString())));
            // What let the approver approve it is named: the binding kubeadm makes.
            QCOMPARE(verdict.value(QStringLiteral("grantedBy")).toString().isEmpty(), !isApproved);
            ++compared;
            approved += isApproved ? 1 : 0;
        }
        QCOMPARE(compared, int(sent.size()));
        QCOMPARE(approved, 2); // exactly the two a kubelet sends
        qInfo("%d requests compared with the cluster's approver, %d approved", compared, approved);
    }

    // kubestrap-cli csr approve, deny and show against the cluster: a plain request approved
    // with its reason kept, a risky one refused until --force, a denial that needs a reason.
    void theCommandsDecideAndRefuseRiskyRequests()
    {
        const QString prefix = TestCluster::uniqueName(QStringLiteral("decide"));
        const auto cli = [&](QStringList args) {
            return test::runCli(QStringList{QStringLiteral("--kubeconfig"),
                                            cluster->adminKubeconfig(), QStringLiteral("csr")}
                                + args);
        };
        QJsonObject plain =
            request(prefix + QStringLiteral("-plain"), prefix, {}, {QStringLiteral("client auth")});
        QJsonObject serving =
            request(prefix + QStringLiteral("-serving"), QStringLiteral("system:node:") + prefix,
                    {QStringLiteral("system:nodes")},
                    {QStringLiteral("digital signature"), QStringLiteral("server auth")},
                    {prefix + QStringLiteral(".example")});
        QJsonObject refused = request(prefix + QStringLiteral("-refused"), prefix, {},
                                      {QStringLiteral("client auth")});
        const auto withSigner = [](QJsonObject &csr, const QString &signer) {
            QJsonObject spec = csr.value(QStringLiteral("spec")).toObject();
            spec.insert(QStringLiteral("signerName"), signer);
            csr.insert(QStringLiteral("spec"), spec);
        };
        withSigner(plain, QStringLiteral("kubernetes.io/kube-apiserver-client"));
        withSigner(refused, QStringLiteral("kubernetes.io/kube-apiserver-client"));
        withSigner(serving, QStringLiteral("kubernetes.io/kubelet-serving"));
        for (const QJsonObject &csr : {plain, serving, refused}) {
            cluster->deleteAtEnd(kCsrs + QLatin1Char('/') + kubestrap::objectName(csr));
            QVERIFY(call([&](ApiClient &c, auto done) { c.create(kCsrs, csr, done); }, *admin));
        }
        const auto condition = [&](const QString &name) {
            const auto shown =
                cli({QStringLiteral("show"), name, QStringLiteral("-o"), QStringLiteral("json")});
            return QJsonDocument::fromJson(shown.out.toUtf8())
                .object()
                .value(QStringLiteral("condition"))
                .toString();
        };

        const QString plainName = kubestrap::objectName(plain);
        const auto shown =
            cli({QStringLiteral("show"), plainName, QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(shown.code, 0);
        const QJsonObject json = QJsonDocument::fromJson(shown.out.toUtf8()).object();
        QCOMPARE(
            json.value(QStringLiteral("subject")).toObject().value(QStringLiteral("commonName")),
            QJsonValue(prefix));
        QCOMPARE(json.value(QStringLiteral("signerName")).toString(),
                 QStringLiteral("kubernetes.io/kube-apiserver-client"));
        QCOMPARE(json.value(QStringLiteral("requestor")).toString(), cluster->adminUser());
        QCOMPARE(
            json.value(QStringLiteral("autoApproval")).toObject().value(QStringLiteral("approves")),
            QJsonValue(false));
        QCOMPARE(json.value(QStringLiteral("risks")).toArray().size(), 0);

        const auto approved = cli({QStringLiteral("approve"), plainName, QStringLiteral("--reason"),
                                   QStringLiteral("laptop of the on-call admin")});
        QVERIFY2(approved.code == 0, qPrintable(approved.err));
        QTRY_VERIFY_WITH_TIMEOUT(condition(plainName).startsWith(QLatin1String("Approved")), 10000);
        const auto stored = call(
            [&](ApiClient &c, auto done) { c.get(kCsrs + QLatin1Char('/') + plainName, done); },
            *admin);
        QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().message));
        const QString kept = QString::fromUtf8(QJsonDocument(*stored).toJson());
        QVERIFY(kept.contains(QLatin1String("laptop of the on-call admin")));
        const auto again = cli({QStringLiteral("approve"), plainName});
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains(QLatin1String("already approved")));

        // A serving certificate for a node that does not exist: refused until --force.
        const QString servingName = kubestrap::objectName(serving);
        const auto risky = cli({QStringLiteral("approve"), servingName});
        QCOMPARE(risky.code, 1);
        QVERIFY2(risky.err.contains(QLatin1String("--force")), qPrintable(risky.err));
        QCOMPARE(condition(servingName), QStringLiteral("Pending"));
        QCOMPARE(cli({QStringLiteral("approve"), servingName, QStringLiteral("--force")}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(condition(servingName).startsWith(QLatin1String("Approved")),
                                 10000);

        const QString refusedName = kubestrap::objectName(refused);
        QCOMPARE(cli({QStringLiteral("deny"), refusedName}).code, 2);
        QCOMPARE(cli({QStringLiteral("deny"), refusedName, QStringLiteral("--reason"),
                      QStringLiteral("not ours")})
                     .code,
                 0);
        QCOMPARE(condition(refusedName), QStringLiteral("Denied"));
        QCOMPARE(cli({QStringLiteral("approve"), refusedName}).code, 1); // cannot be reversed
        QCOMPARE(cli({QStringLiteral("show"), prefix + QStringLiteral("-missing")}).code, 1);
    }
};

QTEST_GUILESS_MAIN(TestCsrApprover)
#include "test_csr_approver.moc"
