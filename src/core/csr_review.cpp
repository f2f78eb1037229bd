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

} // namespace

QString kubeletClientRequestProblem(const QString &signer, const QStringList &usages,
                                    const x509::RequestInfo &request)
{
    if (signer != kClientKubelet)
        return tr("only kubelet client certificates (%1) are ever approved automatically")
            .arg(kClientKubelet);
    if (request.organizations != QStringList{QStringLiteral("system:nodes")})
        return tr("its organization is not exactly system:nodes");
    if (!request.dnsNames.isEmpty())
        return tr("it names DNS names, which a kubelet client certificate may not");
    if (!request.emailAddresses.isEmpty())
        return tr("it names email addresses, which a kubelet client certificate may not");
    if (!request.ipAddresses.isEmpty())
        return tr("it names IP addresses, which a kubelet client certificate may not");
    if (!request.uris.isEmpty())
        return tr("it names URIs, which a kubelet client certificate may not");
    if (!request.commonName.startsWith(QLatin1String("system:node:")))
        return tr("its common name does not start with system:node:");
    // Compared as sets, as the approver does: a usage listed twice counts once.
    const QSet<QString> asked(usages.begin(), usages.end());
    const QSet<QString> withRsa{QStringLiteral("digital signature"),
                                QStringLiteral("key encipherment"), QStringLiteral("client auth")};
    const QSet<QString> withoutRsa{QStringLiteral("digital signature"),
                                   QStringLiteral("client auth")};
    if (asked != withRsa && asked != withoutRsa)
        return tr("its usages are not exactly digital signature, key encipherment and client "
                  "auth (or digital signature and client auth)");
    return {};
}

QStringList kubeletClientPermissions(const QString &requestor, const x509::RequestInfo &request)
{
    if (request.commonName == requestor)
        return {QStringLiteral("selfnodeclient"), QStringLiteral("nodeclient")};
    return {QStringLiteral("nodeclient")};
}

QString csrCondition(const QJsonObject &csr)
{
    const QJsonObject status = csr.value(QStringLiteral("status")).toObject();
    QStringList conditions;
    for (const QJsonValue &condition : status.value(QStringLiteral("conditions")).toArray())
        conditions << condition.toObject().value(QStringLiteral("type")).toString();
    if (!status.value(QStringLiteral("certificate")).toString().isEmpty())
        conditions << QStringLiteral("Issued");
    return conditions.isEmpty() ? QStringLiteral("Pending") : conditions.join(QLatin1Char(','));
}

namespace {

// What the approver does with `request`: its rules, with the permission each needs of the
// requestor, in its order.
void judgeAutoApproval(CsrReview &review, const x509::RequestInfo &request,
                       const rbac::Authorizer &authorizer)
{
    if (const QString problem = kubeletClientRequestProblem(review.signer, review.usages, request);
        !problem.isEmpty()) {
        review.autoApproval = tr("not approved automatically: %1").arg(problem);
    } else {
        const QStringList tried = kubeletClientPermissions(review.requestor, request);
        for (const QString &subresource : tried) {
            const rbac::Decision allowed =
                authorizer.authorize({review.requestor, review.requestorGroups},
                                     {QStringLiteral("create"),
                                      QStringLiteral("certificates.k8s.io"),
                                      QStringLiteral("certificatesigningrequests"),
                                      subresource,
                                      {},
                                      {},
                                      {}});
            if (allowed.allowed) {
                review.autoApprovable = true;
                review.autoApprovalGrantedBy = allowed.reason;
                review.autoApproval =
                    tr("the approver approves it (%1): %2").arg(subresource, allowed.reason);
                break;
            }
        }
        if (!review.autoApprovable)
            review.autoApproval =
                tr("a kubelet client request, but %1 may not create certificatesigningrequests/%2, "
                   "so it waits for an admin")
                    .arg(review.requestor,
                         tried.join(QStringLiteral(" or certificatesigningrequests/")));
    }
}

// What an admin should know before approving by hand.
void addRisks(CsrReview &review, const x509::RequestInfo &request, const QSet<QString> &nodes)
{
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

    judgeAutoApproval(review, request, authorizer);
    addRisks(review, request, nodes);
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
