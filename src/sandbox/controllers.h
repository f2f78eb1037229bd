#pragma once

#include "api_handler.h"
#include "sandbox_pki.h"

#include <QStringList>

#include <atomic>
#include <optional>
#include <thread>

namespace kubestrap::sandbox {

// The kube-controller-manager loops the bootstrap procedure relies on, run every second (and after
// every change) on their own thread: TokenCleaner deletes expired bootstrap-token Secrets; the
// BootstrapSigner keeps a jws-kubeconfig-<id> signature in kube-public/cluster-info for every valid
// signing token (and only for those); the
// CSR approver approves kubelet client certificates whose requester may create the nodeclient or
// selfnodeclient subresource; the CSR signer signs approved requests for the kube-apiserver-client,
// kube-apiserver-client-kubelet and kubelet-serving signers with the sandbox CA; the root CA
// publisher keeps ConfigMap kube-root-ca.crt, the CA, in every namespace; the clusterrole
// aggregation controller fills in the rules of ClusterRoles with an aggregationRule.
class Controllers {
public:
    Controllers(ApiHandler &api, ObjectStore &store, SandboxPki pki)
        : api(api), store(store), pki(std::move(pki))
    {
    }
    ~Controllers() { stop(); }

    // kube-controller-manager's --controllers: "*" for all, "-name" to leave one out, names
    // tokencleaner, bootstrapsigner, csrapproving, csrsigning, root-ca-cert-publisher and
    // clusterrole-aggregation.
    // Nothing for an unknown name.
    static std::optional<QStringList> parseSelection(const QString &list);
    void setEnabled(QStringList names) { enabled = std::move(names); }

    void start();
    void stop();

    // One pass of every controller; what the thread runs, callable directly from tests.
    void runOnce();

private:
    void cleanTokens();
    void signClusterInfo();
    void approveNodeCertificates();
    void signApprovedCertificates();
    void publishRootCa();
    void aggregateClusterRoles();
    void put(const QString &path, const QJsonObject &body);

    ApiHandler &api;
    ObjectStore &store;
    SandboxPki pki;
    std::thread worker;
    std::atomic<bool> stopping{false};
    QStringList enabled{
        QStringLiteral("tokencleaner"),           QStringLiteral("bootstrapsigner"),
        QStringLiteral("csrapproving"),           QStringLiteral("csrsigning"),
        QStringLiteral("root-ca-cert-publisher"), QStringLiteral("clusterrole-aggregation")};
};

} // namespace kubestrap::sandbox
