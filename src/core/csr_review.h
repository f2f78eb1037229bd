#pragma once

#include "rbac.h"
#include "x509.h"

#include <QJsonObject>
#include <QSet>
#include <QStringList>

#include <optional>

namespace kubestrap {

// A CertificateSigningRequest read before an admin decides on it: what it asks for, who asked,
// whether kube-controller-manager's approver would approve it by itself, and what is risky.
struct CsrReview {
    QString name;
    QString requestor; // spec.username
    QStringList requestorGroups;
    QString signer;
    QStringList usages;
    std::optional<x509::RequestInfo> request; // none when the PEM does not parse or verify
    QString requestProblem;
    enum class Decision { Pending, Approved, Denied, Failed };
    Decision decision = Decision::Pending;
    bool issued = false;
    // The approver's rule that would approve it ("nodeclient", "selfnodeclient"), or why none.
    QString autoApproval;
    bool autoApprovable = false;
    QString autoApprovalGrantedBy; // the binding and role that let the approver approve it
    QStringList risks;
};

// kube-controller-manager's rule for a kubelet's client certificate (isNodeClientCert, with
// ValidateKubeletClientCSR): the kubelet client signer, organization exactly [system:nodes], no
// DNS, email, IP or URI names, a system:node: common name, and usages exactly {digital signature,
// key encipherment, client auth} or {digital signature, client auth}. Empty when the request is
// one; otherwise why not, in the approver's order. The one home of the rule: the review, the
// sandbox's approver and the command-line tool all ask it.
QString kubeletClientRequestProblem(const QString &signer, const QStringList &usages,
                                    const x509::RequestInfo &request);

// The permissions the approver asks a SubjectAccessReview for, in its order, for a kubelet
// client request from `requestor` (a request for the requestor's own node tries
// certificatesigningrequests/selfnodeclient first, then nodeclient for every request).
QStringList kubeletClientPermissions(const QString &requestor, const x509::RequestInfo &request);

// The request's condition as kubectl's CONDITION column shows it: "Pending", or its conditions'
// types joined ("Approved,Issued" once a certificate is there, "Denied", "Failed").
QString csrCondition(const QJsonObject &csr);

// Reviews `csr` as the built-in approver would judge it (`authorizer` answers the
// SubjectAccessReviews it makes for the requestor); `nodes` are the names of existing Nodes, for
// serving requests naming a node that does not exist.
CsrReview reviewCsr(const QJsonObject &csr, const rbac::Authorizer &authorizer,
                    const QSet<QString> &nodes);

// The CSR with an Approved or Denied condition added, for its /approval subresource, as
// `kubectl certificate approve|deny` sends it; fails when it was already decided (a denied
// request cannot be approved, nor an approved one denied, and deciding twice says so).
Result<QJsonObject> withDecision(const QJsonObject &csr, bool approve, const QString &reason,
                                 const QString &message);

} // namespace kubestrap
