#include "csr_review.h"

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
