#include "csr_review.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace kubestrap;

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

QJsonObject
csr(const QString &cn, const QStringList &orgs, const QString &username, const QStringList &groups,
    const QString &signer = QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet"),
    const QStringList &dnsNames = {})
{
    const auto key = x509::generatePrivateKey();
    x509::CertificateProfile profile;
    profile.commonName = cn;
    profile.organizations = orgs;
    profile.dnsNames = dnsNames;
    const auto request = x509::createRequest(*key, profile);
    const bool serving = signer.endsWith(QLatin1String("kubelet-serving"));
    return {{QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("csr-1")}}},
            {QStringLiteral("spec"),
             QJsonObject{
                 {QStringLiteral("request"), QString::fromLatin1(request->toBase64())},
                 {QStringLiteral("signerName"), signer},
                 {QStringLiteral("username"), username},
                 {QStringLiteral("groups"), QJsonArray::fromStringList(groups)},
                 {QStringLiteral("usages"), QJsonArray{QStringLiteral("digital signature"),
                                                       serving ? QStringLiteral("server auth")
                                                               : QStringLiteral("client auth")}}}}};
}

// kube-controller-manager's default roles, bound as kubeadm binds them.
rbac::Authorizer kubeadmRbac(bool bound)
{
    std::vector<QJsonObject> roles{
        parse(
            R"({"metadata":{"name":"system:certificates.k8s.io:certificatesigningrequests:nodeclient"},
          "rules":[{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests/nodeclient"],"verbs":["create"]}]})"),
        parse(
            R"({"metadata":{"name":"system:certificates.k8s.io:certificatesigningrequests:selfnodeclient"},
          "rules":[{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests/selfnodeclient"],"verbs":["create"]}]})")};
    std::vector<QJsonObject> bindings;
    if (bound)
        bindings = {parse(R"({"metadata":{"name":"kubeadm:node-autoapprove-bootstrap"},
              "roleRef":{"kind":"ClusterRole","name":"system:certificates.k8s.io:certificatesigningrequests:nodeclient"},
              "subjects":[{"kind":"Group","name":"system:bootstrappers:kubeadm:default-node-token"}]})"),
                    parse(R"({"metadata":{"name":"kubeadm:node-autoapprove-certificate-rotation"},
              "roleRef":{"kind":"ClusterRole","name":"system:certificates.k8s.io:certificatesigningrequests:selfnodeclient"},
              "subjects":[{"kind":"Group","name":"system:nodes"}]})")};
    return rbac::Authorizer({}, roles, {}, bindings);
}

const QStringList kBootstrapGroups{
    QStringLiteral("system:bootstrappers"),
    QStringLiteral("system:bootstrappers:kubeadm:default-node-token"),
    QStringLiteral("system:authenticated")};

} // namespace

// Certificate requests judged as the built-in approver judges them, and their risks.
class TestCsrReview : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aNodesFirstCertificateIsApprovedByTheNodeclientRule()
    {
        const QJsonObject request =
            csr(QStringLiteral("system:node:w1"), {QStringLiteral("system:nodes")},
                QStringLiteral("system:bootstrap:abcdef"), kBootstrapGroups);
        const CsrReview review = reviewCsr(request, kubeadmRbac(true), {});
        QVERIFY2(review.autoApprovable, qPrintable(review.autoApproval));
        QVERIFY(review.autoApproval.contains(QStringLiteral("(nodeclient)")));
        QVERIFY(review.autoApproval.contains(QStringLiteral("kubeadm:node-autoapprove-bootstrap")));
        QVERIFY(review.risks.isEmpty());

        const CsrReview unbound = reviewCsr(request, kubeadmRbac(false), {});
        QVERIFY(!unbound.autoApprovable);
        QVERIFY2(unbound.autoApproval.contains(QStringLiteral("waits for an admin")),
                 qPrintable(unbound.autoApproval));
    }

    void aRenewalIsApprovedByTheSelfnodeclientRule()
    {
        const CsrReview review =
            reviewCsr(csr(QStringLiteral("system:node:w1"), {QStringLiteral("system:nodes")},
                          QStringLiteral("system:node:w1"),
                          {QStringLiteral("system:nodes"), QStringLiteral("system:authenticated")}),
                      kubeadmRbac(true), {});
        QVERIFY(review.autoApprovable);
        QVERIFY(review.autoApproval.contains(QStringLiteral("(selfnodeclient)")));
    }

    // kube-controller-manager's own cases (sarapprove_test.go TestRecognizers, each with and
    // without key encipherment; helpers.go ValidateKubeletClientCSR for the names and usages).
    void theKubeletClientRuleIsTheApproversOwn_data()
    {
        QTest::addColumn<QString>("signer");
        QTest::addColumn<QString>("commonName");
        QTest::addColumn<QStringList>("organizations");
        QTest::addColumn<QString>("requestor");
        QTest::addColumn<QStringList>("extraUsages");
        QTest::addColumn<QStringList>("dns");
        QTest::addColumn<QStringList>("emails");
        QTest::addColumn<QStringList>("ips");
        QTest::addColumn<QStringList>("uris");
        QTest::addColumn<bool>("nodeClient");
        QTest::addColumn<bool>("selfNodeClient");
        const QString kubelet = QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet");
        const QString cn = QStringLiteral("system:node:foo");
        const QStringList nodes{QStringLiteral("system:nodes")};
        const QStringList none;
        QTest::newRow("good") << kubelet << cn << nodes << cn << none << none << none << none
                              << none << true << true;
        QTest::newRow("cn mike") << kubelet << QStringLiteral("mike") << nodes
                                 << QStringLiteral("mike") << none << none << none << none << none
                                 << false << false;
        QTest::newRow("no organization") << kubelet << cn << none << cn << none << none << none
                                         << none << none << false << false;
        QTest::newRow("system:master")
            << kubelet << cn << QStringList{QStringLiteral("system:master")} << cn << none << none
            << none << none << none << false << false;
        QTest::newRow("and server auth")
            << kubelet << cn << nodes << cn << QStringList{QStringLiteral("server auth")} << none
            << none << none << none << false << false;
        QTest::newRow("another signer")
            << QStringLiteral("example.com/not-correct") << cn << nodes << cn << none << none
            << none << none << none << false << false;
        QTest::newRow("the serving signer")
            << QStringLiteral("kubernetes.io/kubelet-serving") << cn << nodes << cn << none << none
            << none << none << none << false << false;
        QTest::newRow("requestor joe") << kubelet << cn << nodes << QStringLiteral("joe") << none
                                       << none << none << none << none << true << false;
        QTest::newRow("cn of another node")
            << kubelet << QStringLiteral("system:node:bar") << nodes << cn << none << none << none
            << none << none << true << false;
        QTest::newRow("a DNS name")
            << kubelet << cn << nodes << cn << none << QStringList{QStringLiteral("foo")} << none
            << none << none << false << false;
        QTest::newRow("an email") << kubelet << cn << nodes << cn << none << none
                                  << QStringList{QStringLiteral("a@b.c")} << none << none << false
                                  << false;
        QTest::newRow("an IP") << kubelet << cn << nodes << cn << none << none << none
                               << QStringList{QStringLiteral("10.0.0.1")} << none << false << false;
        QTest::newRow("a URI") << kubelet << cn << nodes << cn << none << none << none << none
                               << QStringList{QStringLiteral("spiffe://x")} << false << false;
        QTest::newRow("client auth twice")
            << kubelet << cn << nodes << cn << QStringList{QStringLiteral("client auth")} << none
            << none << none << none << true << true;
    }

    void theKubeletClientRuleIsTheApproversOwn()
    {
        QFETCH(QString, signer);
        QFETCH(QString, commonName);
        QFETCH(QStringList, organizations);
        QFETCH(QString, requestor);
        QFETCH(QStringList, extraUsages);
        QFETCH(QStringList, dns);
        QFETCH(QStringList, emails);
        QFETCH(QStringList, ips);
        QFETCH(QStringList, uris);
        QFETCH(bool, nodeClient);
        QFETCH(bool, selfNodeClient);
        x509::RequestInfo request;
        request.commonName = commonName;
        request.organizations = organizations;
        request.dnsNames = dns;
        request.emailAddresses = emails;
        request.ipAddresses = ips;
        request.uris = uris;
        for (const QStringList &usages :
             {QStringList{QStringLiteral("key encipherment"), QStringLiteral("digital signature"),
                          QStringLiteral("client auth")},
              QStringList{QStringLiteral("digital signature"), QStringLiteral("client auth")}}) {
            const QString problem =
                kubeletClientRequestProblem(signer, usages + extraUsages, request);
            QVERIFY2(problem.isEmpty() == nodeClient, qPrintable(problem));
            if (nodeClient)
                QCOMPARE(kubeletClientPermissions(requestor, request)
                             .contains(QStringLiteral("selfnodeclient")),
                         selfNodeClient);
        }
        // Client auth alone is not a kubelet's client certificate: it stays Pending.
        QVERIFY(!kubeletClientRequestProblem(signer, {QStringLiteral("client auth")}, request)
                     .isEmpty());
    }

    // The usage rows of TestIsKubeletClientCSR (pkg/apis/certificates/v1beta1/defaults_test.go):
    // exactly one of the two sets, in any order, and nothing else.
    void theUsagesAreExactlyOneOfTheTwoSets_data()
    {
        QTest::addColumn<QStringList>("usages");
        QTest::addColumn<bool>("kubeletClient");
        const QString sign = QStringLiteral("digital signature"),
                      encipher = QStringLiteral("key encipherment"),
                      client = QStringLiteral("client auth"),
                      server = QStringLiteral("server auth");
        QTest::newRow("the usages") << QStringList{sign, encipher, client} << true;
        QTest::newRow("without key encipherment") << QStringList{sign, client} << true;
        QTest::newRow("in another order") << QStringList{client, encipher, sign} << true;
        QTest::newRow("an unexpected usage")
            << QStringList{sign, encipher, client, server} << false;
        QTest::newRow("missing an expected usage") << QStringList{encipher, client} << false;
        QTest::newRow("missing one, without key encipherment") << QStringList{client} << false;
        QTest::newRow("none") << QStringList{} << false;
    }
    void theUsagesAreExactlyOneOfTheTwoSets()
    {
        QFETCH(QStringList, usages);
        QFETCH(bool, kubeletClient);
        x509::RequestInfo request;
        request.commonName = QStringLiteral("system:node:nodename");
        request.organizations = {QStringLiteral("system:nodes")};
        const QString problem = kubeletClientRequestProblem(
            QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet"), usages, request);
        QVERIFY2(problem.isEmpty() == kubeletClient, qPrintable(problem));
    }

    void emailAndUriNamesAreReadFromTheRequest()
    {
        QFile file(QStringLiteral(KUBESTRAP_DATA "/csr/email-and-uri.csr"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto request = x509::inspectRequest(file.readAll());
        QVERIFY(request);
        QCOMPARE(request->emailAddresses, QStringList{QStringLiteral("ops@example.com")});
        QCOMPARE(request->uris, QStringList{QStringLiteral("spiffe://cluster/ns/kube-system")});
        QVERIFY(!kubeletClientRequestProblem(
                     QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet"),
                     {QStringLiteral("digital signature"), QStringLiteral("client auth")}, *request)
                     .isEmpty());
    }

    void aSelfRequestWithoutSelfnodeclientFallsBackToNodeclient()
    {
        // As the approver's loop: selfnodeclient is tried first, then nodeclient.
        std::vector<QJsonObject> roles{parse(
            R"({"metadata":{"name":"nodeclient"},
          "rules":[{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests/nodeclient"],"verbs":["create"]}]})")};
        std::vector<QJsonObject> bindings{parse(R"({"metadata":{"name":"nodes-may-ask"},
              "roleRef":{"kind":"ClusterRole","name":"nodeclient"},
              "subjects":[{"kind":"Group","name":"system:nodes"}]})")};
        const CsrReview review =
            reviewCsr(csr(QStringLiteral("system:node:w1"), {QStringLiteral("system:nodes")},
                          QStringLiteral("system:node:w1"),
                          {QStringLiteral("system:nodes"), QStringLiteral("system:authenticated")}),
                      rbac::Authorizer({}, roles, {}, bindings), {});
        QVERIFY2(review.autoApprovable, qPrintable(review.autoApproval));
        QVERIFY(review.autoApproval.contains(QStringLiteral("(nodeclient)")));
    }

    void risksAreNamed()
    {
        const CsrReview masters =
            reviewCsr(csr(QStringLiteral("eve"), {QStringLiteral("system:masters")},
                          QStringLiteral("eve"), {QStringLiteral("system:authenticated")},
                          QStringLiteral("kubernetes.io/kube-apiserver-client")),
                      kubeadmRbac(true), {});
        QVERIFY(!masters.autoApprovable);
        QVERIFY(masters.risks.join(QLatin1Char(' ')).contains(QStringLiteral("system:masters")));

        const CsrReview impostor =
            reviewCsr(csr(QStringLiteral("system:node:w2"), {QStringLiteral("system:nodes")},
                          QStringLiteral("system:node:w1"), {QStringLiteral("system:nodes")}),
                      kubeadmRbac(true), {});
        QVERIFY2(impostor.risks.join(QLatin1Char(' '))
                     .contains(QStringLiteral("asks for node w2 but was sent by system:node:w1")),
                 qPrintable(impostor.risks.join(QLatin1Char('\n'))));

        const CsrReview serving = reviewCsr(
            csr(QStringLiteral("system:node:ghost"), {QStringLiteral("system:nodes")},
                QStringLiteral("system:node:ghost"), {QStringLiteral("system:nodes")},
                QStringLiteral("kubernetes.io/kubelet-serving"), {QStringLiteral("ghost.example")}),
            kubeadmRbac(true), {QStringLiteral("w1")});
        QVERIFY(!serving.autoApprovable);
        const QString risks = serving.risks.join(QLatin1Char('\n'));
        QVERIFY2(risks.contains(QStringLiteral("node ghost, which does not exist")),
                 qPrintable(risks));
        QVERIFY2(risks.contains(QStringLiteral("ghost.example")), qPrintable(risks));
    }

    void aDecisionIsMadeOnce()
    {
        const QJsonObject pending =
            csr(QStringLiteral("system:node:w1"), {QStringLiteral("system:nodes")},
                QStringLiteral("system:bootstrap:abcdef"), kBootstrapGroups);
        const auto approved =
            withDecision(pending, true, QStringLiteral("KubestrapApprove"), QStringLiteral("ok"));
        QVERIFY(approved);
        const QJsonObject condition = approved->value(QStringLiteral("status"))
                                          .toObject()
                                          .value(QStringLiteral("conditions"))
                                          .toArray()
                                          .first()
                                          .toObject();
        QCOMPARE(condition.value(QStringLiteral("type")).toString(), QStringLiteral("Approved"));
        QCOMPARE(condition.value(QStringLiteral("status")).toString(), QStringLiteral("True"));
        const auto twice = withDecision(*approved, true, {}, {});
        QVERIFY(!twice);
        QVERIFY(twice.error().message.contains(QStringLiteral("already approved")));
        const auto reversed = withDecision(*approved, false, {}, {});
        QVERIFY(!reversed);
        QVERIFY(reversed.error().message.contains(QStringLiteral("cannot be reversed")));
    }

    void anUnreadableRequestIsARisk()
    {
        QJsonObject broken = csr(QStringLiteral("system:node:w1"), {QStringLiteral("system:nodes")},
                                 QStringLiteral("system:node:w1"), {});
        QJsonObject spec = broken.value(QStringLiteral("spec")).toObject();
        spec.insert(QStringLiteral("request"), QStringLiteral("bm90IGEgcmVxdWVzdA=="));
        broken.insert(QStringLiteral("spec"), spec);
        const CsrReview review = reviewCsr(broken, kubeadmRbac(true), {});
        QVERIFY(!review.request);
        QVERIFY(!review.autoApprovable);
        QVERIFY(!review.risks.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCsrReview)
#include "test_csr_review.moc"
