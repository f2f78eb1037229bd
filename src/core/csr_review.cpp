#include "csr_review.h"
#include "object_meta.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::CsrReview", text);
}

const QString kClientKubelet = QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet");
const QString kServing = QStringLiteral("kubernetes.io/kubelet-serving");

// As the approver's isNodeClientCert: the kubelet client signer, O exactly system:nodes, a
// system:node: CN, client usages only, and no SANs.
QString nodeClientProblem(const CsrReview &review)
{
    if (review.signer != kClientKubelet)
        return tr("only kubelet client certificates (%1) are ever approved automatically")
            .arg(kClientKubelet);
    const x509::RequestInfo &request = *review.request;
    if (request.organizations != QStringList{QStringLiteral("system:nodes")})
        return tr("its organization is not exactly system:nodes");
    if (!request.commonName.startsWith(QLatin1String("system:node:")))
        return tr("its common name does not start with system:node:");
    if (!request.dnsNames.isEmpty() || !request.ipAddresses.isEmpty())
        return tr("it names DNS names or IP addresses");
    const QSet<QString> allowed{QStringLiteral("key encipherment"),
                                QStringLiteral("digital signature"), QStringLiteral("client auth")};
    for (const QString &usage : review.usages) {
        if (!allowed.contains(usage))
            return tr("it asks for the usage '%1'").arg(usage);
    }
    if (!review.usages.contains(QStringLiteral("client auth")))
        return tr("it does not ask for client auth");
    return {};
}

} // namespace

CsrReview reviewCsr(const QJsonObject &csr, const rbac::Authorizer &authorizer,
                    const QSet<QString> &nodes)
{
    CsrReview review;
    const QJsonObject spec = csr.value(QStringLiteral("spec")).toObject();
    review.name =
        csr.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
    review.requestor = spec.value(QStringLiteral("username")).toString();
    review.requestorGroups = stringsIn(spec.value(QStringLiteral("groups")));
    review.signer = spec.value(QStringLiteral("signerName")).toString();
    review.usages = stringsIn(spec.value(QStringLiteral("usages")));
    const QJsonObject status = csr.value(QStringLiteral("status")).toObject();
    for (const QJsonValue &condition : status.value(QStringLiteral("conditions")).toArray()) {
        const QString type = condition.toObject().value(QStringLiteral("type")).toString();
        if (type == QLatin1String("Approved"))
            review.decision = CsrReview::Decision::Approved;
        else if (type == QLatin1String("Denied"))
            review.decision = CsrReview::Decision::Denied;
        else if (type == QLatin1String("Failed"))
            review.decision = CsrReview::Decision::Failed;
    }
    review.issued = !status.value(QStringLiteral("certificate")).toString().isEmpty();

    const QByteArray pem =
        QByteArray::fromBase64(spec.value(QStringLiteral("request")).toString().toLatin1());
    if (auto request = x509::inspectRequest(pem))
        review.request = *request;
    else
        review.requestProblem = request.error().message;
    if (!review.request) {
        review.autoApproval = tr("not approved automatically: %1").arg(review.requestProblem);
        review.risks << tr("the request cannot be read: %1").arg(review.requestProblem);
        return review;
    }
    const x509::RequestInfo &request = *review.request;

    // The approver's rules, with the permission each needs of the requestor.
    if (const QString problem = nodeClientProblem(review); !problem.isEmpty()) {
        review.autoApproval = tr("not approved automatically: %1").arg(problem);
    } else {
        const bool self = request.commonName == review.requestor;
        const QString subresource =
            self ? QStringLiteral("selfnodeclient") : QStringLiteral("nodeclient");
        const rbac::Decision allowed =
            authorizer.authorize({review.requestor, review.requestorGroups},
                                 {QStringLiteral("create"),
                                  QStringLiteral("certificates.k8s.io"),
                                  QStringLiteral("certificatesigningrequests"),
                                  subresource,
                                  {},
                                  {},
                                  {}});
        review.autoApprovable = allowed.allowed;
        review.autoApproval =
            allowed.allowed
                ? tr("the approver approves it (%1): %2").arg(subresource, allowed.reason)
                : tr("matches the %1 rule, but %2 may not create "
                     "certificatesigningrequests/%1, so it waits for an admin")
                      .arg(subresource, review.requestor);
    }

    if (request.organizations.contains(QStringLiteral("system:masters")))
        review.risks << tr("asks for the group system:masters: whoever holds the certificate "
                           "controls the whole cluster");
    if (request.commonName.startsWith(QLatin1String("system:node:"))
        && request.commonName != review.requestor
        && !review.requestorGroups.contains(QStringLiteral("system:bootstrappers"))
        && !review.requestor.startsWith(QLatin1String("system:bootstrap:")))
        review.risks << tr("asks for node %1 but was sent by %2, neither that node nor a "
                           "bootstrap token")
                            .arg(request.commonName.mid(12), review.requestor);
    if (review.signer == kServing) {
        const QString node = request.commonName.mid(12);
        if (!nodes.contains(node))
            review.risks << tr("a serving certificate for node %1, which does not exist").arg(node);
        review.risks
            << tr("kubelet serving certificates are never approved automatically: check "
                  "every name it asks for (%1)")
                   .arg((request.dnsNames + request.ipAddresses).join(QStringLiteral(", ")));
    }
    return review;
}

Result<QJsonObject> withDecision(const QJsonObject &csr, bool approve, const QString &reason,
                                 const QString &message)
{
    QJsonObject status = csr.value(QStringLiteral("status")).toObject();
    QJsonArray conditions = status.value(QStringLiteral("conditions")).toArray();
    for (const QJsonValue &condition : conditions) {
        const QString type = condition.toObject().value(QStringLiteral("type")).toString();
        if (type == QLatin1String("Approved") || type == QLatin1String("Denied"))
            return fail(type == (approve ? QLatin1String("Approved") : QLatin1String("Denied"))
                            ? tr("it is already %1").arg(type.toLower())
                            : tr("it was %1; a decision cannot be reversed").arg(type.toLower()));
    }
    conditions.append(QJsonObject{
        {QStringLiteral("type"), approve ? QStringLiteral("Approved") : QStringLiteral("Denied")},
        {QStringLiteral("status"), QStringLiteral("True")},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("message"), message},
        {QStringLiteral("lastUpdateTime"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}});
    status.insert(QStringLiteral("conditions"), conditions);
    QJsonObject decided = csr;
    decided.insert(QStringLiteral("status"), status);
    return decided;
}

} // namespace kubestrap
