#include "demo_cluster.h"

#include "api_handler.h"
#include "bootstrap_token.h"
#include "x509.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace kubestrap::sandbox {

namespace {

QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// A certificate request for `commonName` in `groups`, base64 as spec.request wants it.
QString requestFor(const QString &commonName, const QStringList &groups)
{
    x509::CertificateProfile subject;
    subject.commonName = commonName;
    subject.organizations = groups;
    const auto key = x509::generatePrivateKey();
    const auto request =
        key ? x509::createRequest(*key, subject) : Result<QByteArray>(fail(QString()));
    return request ? QString::fromLatin1(request->toBase64()) : QString();
}

} // namespace

void seedDemoCluster(ApiHandler &api, const SandboxPki &pki, const QString &serverUrl)
{
    const auto send = [&api](const char *method, const QString &path, const QJsonObject &object,
                             const QString &user, const QStringList &groups) {
        ApiRequest request;
        request.method = method;
        request.path = path;
        request.contentType = "application/json";
        request.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        request.identity = {user, {}, groups};
        return api.handle(request);
    };
    const QStringList admin{QStringLiteral("system:masters"),
                            QStringLiteral("system:authenticated")};
    const auto create = [&](const QString &path, const QJsonObject &object) {
        send("POST", path, object, QStringLiteral("kubernetes-admin"), admin);
    };

    for (const char *name : {"team-a", "team-b", "monitoring"})
        create(QStringLiteral("/api/v1/namespaces"),
               parse(QByteArray(R"({"metadata":{"name":")") + name + "\"}}"));
    create(QStringLiteral("/api/v1/namespaces/monitoring/serviceaccounts"),
           parse(R"({"metadata":{"name":"prometheus"}})"));
    for (const char *ns : {"team-a", "team-b"}) {
        const QString base = QStringLiteral("/apis/rbac.authorization.k8s.io/v1/namespaces/%1/")
                                 .arg(QLatin1String(ns));
        create(base + QStringLiteral("roles"), parse(R"({"metadata":{"name":"developer"},"rules":[
            {"apiGroups":[""],"resources":["configmaps","secrets"],"verbs":["get","list","watch","create","update","patch","delete"]}]})"));
        create(base + QStringLiteral("rolebindings"), parse(R"({"metadata":{"name":"developers"},
            "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"developer"},
            "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"devs"}]})"));
        create(base + QStringLiteral("rolebindings"),
               parse(R"({"metadata":{"name":"monitoring-view"},
            "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},
            "subjects":[{"kind":"ServiceAccount","name":"prometheus","namespace":"monitoring"}]})"));
    }

    // Tokens as `kubeadm token create` would make them, with kubeadm's descriptions.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString secrets = QStringLiteral("/api/v1/namespaces/kube-system/secrets");
    if (auto token = BootstrapToken::generate(now)) {
        token->description = QStringLiteral("worker pool, rack 4");
        create(secrets, token->toSecret());
    }
    if (auto token = BootstrapToken::generate(now, std::chrono::minutes(20))) {
        token->description = QStringLiteral("one-off join, expires soon");
        create(secrets, token->toSecret());
    }
    // Expired yesterday: TokenCleaner deletes it at once unless started with
    // --controllers=*,-tokencleaner, as ./scripts/run starts the demo.
    if (auto token = BootstrapToken::generate(now.addDays(-2), std::chrono::hours(24))) {
        token->description = QStringLiteral("expired: a join that never happened");
        create(secrets, token->toSecret());
    }
    if (auto token = BootstrapToken::generate(now, std::chrono::hours(24 * 7))) {
        token->description = QStringLiteral("authentication only: cannot sign cluster-info");
        token->usages = {QStringLiteral("authentication")};
        create(secrets, token->toSecret());
    }

    // cluster-info as kubeadm writes it: one cluster named "", the CA embedded, no credentials.
    const QString kubeconfig =
        QStringLiteral("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: %1\n"
                       "    server: %2\n  name: \"\"\ncontexts: null\ncurrent-context: \"\"\n"
                       "kind: Config\npreferences: {}\nusers: null\n")
            .arg(QString::fromLatin1(pki.caCertificate.toBase64()), serverUrl);
    create(QStringLiteral("/api/v1/namespaces/kube-public/configmaps"),
           QJsonObject{
               {QStringLiteral("metadata"),
                QJsonObject{{QStringLiteral("name"), QStringLiteral("cluster-info")}}},
               {QStringLiteral("data"), QJsonObject{{QStringLiteral("kubeconfig"), kubeconfig}}}});
    const QString rbac = QStringLiteral("/apis/rbac.authorization.k8s.io/v1/");
    create(rbac + QStringLiteral("namespaces/kube-public/roles"),
           parse(R"({"metadata":{"name":"kubeadm:bootstrap-signer-clusterinfo"},
        "rules":[{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["cluster-info"],"verbs":["get"]}]})"));
    create(rbac + QStringLiteral("namespaces/kube-public/rolebindings"),
           parse(R"({"metadata":{"name":"kubeadm:bootstrap-signer-clusterinfo"},
        "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"kubeadm:bootstrap-signer-clusterinfo"},
        "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"system:anonymous"}]})"));
    create(rbac + QStringLiteral("clusterrolebindings"),
           parse(R"({"metadata":{"name":"kubeadm:kubelet-bootstrap"},
        "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"system:node-bootstrapper"},
        "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"system:bootstrappers:kubeadm:default-node-token"}]})"));

    // Developers may ask for client certificates (a common grant), so a colleague's request waits;
    // a node's first certificate, sent with the default node token, was approved by hand.
    create(rbac + QStringLiteral("clusterroles"), parse(R"({"metadata":{"name":"csr-requester"},
        "rules":[{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests"],"verbs":["create","get","list","watch"]}]})"));
    create(rbac + QStringLiteral("clusterrolebindings"),
           parse(R"({"metadata":{"name":"devs-request-certificates"},
        "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"csr-requester"},
        "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"devs"}]})"));
    const QString csrs = QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests");
    const auto csr = [](const char *name, const QString &request, const char *signer,
                        const QJsonArray &usages) {
        return QJsonObject{{QStringLiteral("metadata"),
                            QJsonObject{{QStringLiteral("name"), QLatin1String(name)}}},
                           {QStringLiteral("spec"),
                            QJsonObject{{QStringLiteral("request"), request},
                                        {QStringLiteral("signerName"), QLatin1String(signer)},
                                        {QStringLiteral("expirationSeconds"), 86400},
                                        {QStringLiteral("usages"), usages}}}};
    };
    send("POST", csrs,
         csr("alice-laptop", requestFor(QStringLiteral("alice"), {QStringLiteral("devs")}),
             "kubernetes.io/kube-apiserver-client", QJsonArray{QStringLiteral("client auth")}),
         QStringLiteral("alice"), {QStringLiteral("devs"), QStringLiteral("system:authenticated")});
    QJsonObject node =
        send("POST", csrs,
             csr("node-csr-worker-1",
                 requestFor(QStringLiteral("system:node:worker-1"),
                            {QStringLiteral("system:nodes")}),
                 "kubernetes.io/kube-apiserver-client-kubelet",
                 QJsonArray{QStringLiteral("digital signature"), QStringLiteral("client auth")}),
             QStringLiteral("system:bootstrap:demo00"),
             {QStringLiteral("system:bootstrappers"),
              QStringLiteral("system:bootstrappers:kubeadm:default-node-token"),
              QStringLiteral("system:authenticated")})
            .body;
    const QString stamp = now.toString(Qt::ISODate);
    node.insert(
        QStringLiteral("status"),
        QJsonObject{{QStringLiteral("conditions"),
                     QJsonArray{QJsonObject{
                         {QStringLiteral("type"), QStringLiteral("Approved")},
                         {QStringLiteral("status"), QStringLiteral("True")},
                         {QStringLiteral("reason"), QStringLiteral("KubectlApprove")},
                         {QStringLiteral("message"),
                          QStringLiteral("This CSR was approved by kubectl certificate approve.")},
                         {QStringLiteral("lastUpdateTime"), stamp},
                         {QStringLiteral("lastTransitionTime"), stamp}}}}});
    send("PUT", csrs + QStringLiteral("/node-csr-worker-1/approval"), node,
         QStringLiteral("kubernetes-admin"), admin);
}

} // namespace kubestrap::sandbox
