#pragma once

#include "bootstrap_token.h"
#include "error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <set>
#include <vector>

namespace kubestrap {

// The parts of the TLS-bootstrap procedure, each one object or a pair, named as kubeadm names
// them.
enum class BootstrapPart {
    Token,               // the bootstrap token's Secret
    ClusterInfo,         // kube-public/cluster-info with the bootstrap kubeconfig
    AnonymousRead,       // Role + RoleBinding kubeadm:bootstrap-signer-clusterinfo
    NodeBootstrapper,    // ClusterRoleBinding kubeadm:kubelet-bootstrap
    GetNodes,            // ClusterRole + ClusterRoleBinding kubeadm:get-nodes
    AutoApproveFirst,    // ClusterRoleBinding kubeadm:node-autoapprove-bootstrap
    AutoApproveRenewals, // ClusterRoleBinding kubeadm:node-autoapprove-certificate-rotation
};

std::vector<BootstrapPart> allBootstrapParts();
// What the part lets happen, in one line, for the wizard and the doctor.
QString describe(BootstrapPart part);
// The part's name on the command line ("token", "cluster-info", "anonymous-read", …).
QString partName(BootstrapPart part);

struct BootstrapOptions {
    QString server;                  // the API server URL nodes will use
    QByteArray certificateAuthority; // PEM, embedded in cluster-info
    BootstrapToken token;
    // The groups the bootstrap RBAC binds: the token's extra groups by default.
    QStringList groups;
    std::set<BootstrapPart> parts;
};

// One object of the plan, with where it goes in the API.
struct PlannedObject {
    BootstrapPart part;
    QJsonObject object;
    QString collectionPath; // where it is created: /api/v1/namespaces/kube-system/secrets
    QString path;           // the object itself: …/secrets/bootstrap-token-abcdef

    QString kind() const;
    QString name() const;
    QString namespaceName() const;
    // "secret/bootstrap-token-abcdef -n kube-system", as kubectl names it.
    QString displayName() const;
};

// Every object the chosen parts need, in the order they should be created (what a binding
// refers to comes before it). Fails on options kubeadm would refuse.
Result<std::vector<PlannedObject>> planBootstrap(const BootstrapOptions &options);

// The part of the procedure an RBAC object with kubeadm's name belongs to, if any: what deleting
// or changing it would break.
std::optional<BootstrapPart> bootstrapPartOf(const QString &kind, const QString &namespaceName,
                                             const QString &name);

// The plan as one multi-document YAML bundle, `kubectl create -f` ready.
QByteArray renderBundle(const std::vector<PlannedObject> &plan);
// The kubectl command that creates one planned object (a Secret's values included).
QString kubectlCommand(const PlannedObject &planned);
// The same with a token Secret's secret left to the shell variable TOKEN_SECRET, for logs and
// activity lists: the command still runs, once the user sets it, and says so when they have not.
QString kubectlCommandWithoutSecrets(const PlannedObject &planned);

// The plan as a shell script of kubectl commands (it holds the token: keep it private).
QString renderKubectlScript(const std::vector<PlannedObject> &plan);

} // namespace kubestrap
