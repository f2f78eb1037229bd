#include "demo_cluster.h"

#include "api_handler.h"
#include "bootstrap_token.h"
#include "x509.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

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

namespace {

using Rename = std::function<QString(const QString &)>;

const QString admin = QStringLiteral("kubernetes-admin");
const QStringList adminGroups{QStringLiteral("system:masters"),
                              QStringLiteral("system:authenticated")};
const QString rbac = QStringLiteral("/apis/rbac.authorization.k8s.io/v1/");

// The demo's writes as they are gathered; most are the admin's.
struct DemoScript {
    std::vector<DemoWrite> writes;

    void create(const QString &path, const QJsonObject &object)
    {
        writes.push_back({"POST", path, object, admin, adminGroups});
    }
};

QJsonObject named(const QString &name, QJsonObject object)
{
    QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("name"), name);
    object.insert(QStringLiteral("metadata"), metadata);
    return object;
}

// Two team namespaces where the group "devs" may edit ConfigMaps and Secrets, and a monitoring
// service account that may view both.
void addTeams(DemoScript &demo, const Rename &rename)
{
    const QString teamA = rename(QStringLiteral("team-a"));
    const QString teamB = rename(QStringLiteral("team-b"));
    const QString monitoring = rename(QStringLiteral("monitoring"));

    for (const QString &ns : {teamA, teamB, monitoring})
        demo.create(QStringLiteral("/api/v1/namespaces"), named(ns, {}));
    demo.create(QStringLiteral("/api/v1/namespaces/%1/serviceaccounts").arg(monitoring),
                parse(R"({"metadata":{"name":"prometheus"}})"));
    for (const QString &ns : {teamA, teamB}) {
        const QString base = rbac + QStringLiteral("namespaces/%1/").arg(ns);
        demo.create(base + QStringLiteral("roles"),
                    parse(R"({"metadata":{"name":"developer"},"rules":[
            {"apiGroups":[""],"resources":["configmaps","secrets"],"verbs":["get","list","watch","create","update","patch","delete"]}]})"));
        demo.create(base + QStringLiteral("rolebindings"),
                    parse(R"({"metadata":{"name":"developers"},
            "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"developer"},
            "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"devs"}]})"));
        QJsonObject monitoringView = parse(R"({"metadata":{"name":"monitoring-view"},
            "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"}})");
        monitoringView.insert(
            QStringLiteral("subjects"),
            QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("ServiceAccount")},
                                   {QStringLiteral("name"), QStringLiteral("prometheus")},
                                   {QStringLiteral("namespace"), monitoring}}});
        demo.create(base + QStringLiteral("rolebindings"), monitoringView);
    }
}

// Tokens as `kubeadm token create` would make them, with kubeadm's descriptions.
void addTokens(DemoScript &demo, const QDateTime &now)
{
    const QString secrets = QStringLiteral("/api/v1/namespaces/kube-system/secrets");
    if (auto token = BootstrapToken::generate(now)) {
        token->description = QStringLiteral("worker pool, rack 4");
        demo.create(secrets, token->toSecret());
    }
    if (auto token = BootstrapToken::generate(now, std::chrono::minutes(20))) {
        token->description = QStringLiteral("one-off join, expires soon");
        demo.create(secrets, token->toSecret());
    }
    // Expired yesterday: TokenCleaner deletes it at once unless started with
    // --controllers=*,-tokencleaner, as ./scripts/run starts the demo.
    if (auto token = BootstrapToken::generate(now.addDays(-2), std::chrono::hours(24))) {
        token->description = QStringLiteral("expired: a join that never happened");
        demo.create(secrets, token->toSecret());
    }
    if (auto token = BootstrapToken::generate(now, std::chrono::hours(24 * 7))) {
        token->description = QStringLiteral("authentication only: cannot sign cluster-info");
        token->usages = {QStringLiteral("authentication")};
        demo.create(secrets, token->toSecret());
    }
}

// cluster-info as kubeadm writes it (one cluster named "", the CA embedded, no credentials), with
// the part of kubeadm's bootstrap RBAC that lets anyone read it and bootstrappers send requests.
void addClusterInfo(DemoScript &demo, const QByteArray &caCertificatePem, const QString &serverUrl)
{
    const QString kubeconfig =
        QStringLiteral("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: %1\n"
                       "    server: %2\n  name: \"\"\ncontexts: null\ncurrent-context: \"\"\n"
                       "kind: Config\npreferences: {}\nusers: null\n")
            .arg(QString::fromLatin1(caCertificatePem.toBase64()), serverUrl);
    demo.create(QStringLiteral("/api/v1/namespaces/kube-public/configmaps"),
                QJsonObject{{QStringLiteral("metadata"),
                             QJsonObject{{QStringLiteral("name"), QStringLiteral("cluster-info")}}},
                            {QStringLiteral("data"),
                             QJsonObject{{QStringLiteral("kubeconfig"), kubeconfig}}}});
    demo.create(rbac + QStringLiteral("namespaces/kube-public/roles"),
                parse(R"({"metadata":{"name":"kubeadm:bootstrap-signer-clusterinfo"},
        "rules":[{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["cluster-info"],"verbs":["get"]}]})"));
    demo.create(rbac + QStringLiteral("namespaces/kube-public/rolebindings"),
                parse(R"({"metadata":{"name":"kubeadm:bootstrap-signer-clusterinfo"},
        "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"kubeadm:bootstrap-signer-clusterinfo"},
        "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"system:anonymous"}]})"));
    demo.create(rbac + QStringLiteral("clusterrolebindings"),
                parse(R"({"metadata":{"name":"kubeadm:kubelet-bootstrap"},
        "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"system:node-bootstrapper"},
        "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"system:bootstrappers:kubeadm:default-node-token"}]})"));
}

QJsonObject configMap(const QString &name, const QJsonObject &data)
{
    return QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
                       {QStringLiteral("data"), data}};
}

// kubeadm's record of the cluster as `kubeadm init` wrote it, one minor release behind the
// server (an upgrade that did not update it), and the kubelets' settings with serving
// certificates from CSRs.
void addKubeadmConfigMaps(DemoScript &demo, const QString &serverUrl)
{
    const QString configmaps = QStringLiteral("/api/v1/namespaces/kube-system/configmaps");
    const QString endpoint = QUrl(serverUrl).authority();
    demo.create(configmaps,
                configMap(QStringLiteral("kubeadm-config"),
                          {{QStringLiteral("ClusterConfiguration"),
                            QStringLiteral("apiServer:\n  certSANs:\n  - api.demo.internal\n"
                                           "apiVersion: kubeadm.k8s.io/v1beta4\n"
                                           "certificatesDir: /etc/kubernetes/pki\n"
                                           "clusterName: demo\ncontrolPlaneEndpoint: %1\n"
                                           "controllerManager: {}\ndns: {}\n"
                                           "etcd:\n  local:\n    dataDir: /var/lib/etcd\n"
                                           "imageRepository: registry.k8s.io\n"
                                           "kind: ClusterConfiguration\n"
                                           "kubernetesVersion: v1.31.4\n"
                                           "networking:\n  dnsDomain: cluster.local\n"
                                           "  podSubnet: 10.244.0.0/16\n"
                                           "  serviceSubnet: 10.96.0.0/12\n"
                                           "proxy: {}\nscheduler: {}\n")
                                .arg(endpoint)}}));
    demo.create(configmaps,
                configMap(QStringLiteral("kubelet-config"),
                          {{QStringLiteral("kubelet"),
                            QStringLiteral("apiVersion: kubelet.config.k8s.io/v1beta1\n"
                                           "authentication:\n  x509:\n"
                                           "    clientCAFile: /etc/kubernetes/pki/ca.crt\n"
                                           "authorization:\n  mode: Webhook\n"
                                           "cgroupDriver: systemd\n"
                                           "clusterDNS:\n- 10.96.0.10\n"
                                           "clusterDomain: cluster.local\n"
                                           "kind: KubeletConfiguration\n"
                                           "rotateCertificates: true\n"
                                           "serverTLSBootstrap: true\n"
                                           "staticPodPath: /etc/kubernetes/manifests\n")}}));
}

// An application's settings in three formats with its logo, a release frozen as immutable, a
// catalogue near the API server's size limit, and a bundle of trusted CAs.
void addApplicationConfigMaps(DemoScript &demo, const QByteArray &caCertificatePem,
                              const Rename &rename)
{
    const QString teamA =
        QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(rename(QStringLiteral("team-a")));
    const QString teamB =
        QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(rename(QStringLiteral("team-b")));
    QJsonObject settings = configMap(
        QStringLiteral("web-settings"),
        {{QStringLiteral("app.yaml"),
          QStringLiteral("server:\n  port: 8080\n  workers: 4\nfeatures:\n  - search\n"
                         "  - export\nlogging:\n  level: info\n")},
         {QStringLiteral("limits.json"),
          QStringLiteral(R"({"requestsPerMinute":600,"burst":50,"paths":["/api","/export"]})")},
         {QStringLiteral("legacy.ini"),
          QStringLiteral("; read by the old worker\n[cache]\nsize = 256MB\nttl = 300\n\n"
                         "[mail]\nhost = smtp.internal\n")}});
    // A 1×1 PNG.
    settings.insert(
        QStringLiteral("binaryData"),
        QJsonObject{{QStringLiteral("logo.png"),
                     QStringLiteral("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAD"
                                    "UlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")}});
    demo.create(teamA, settings);
    QJsonObject release = configMap(QStringLiteral("release-2026-11"),
                                    {{QStringLiteral("VERSION"), QStringLiteral("2026.11.3")},
                                     {QStringLiteral("CHANNEL"), QStringLiteral("stable")}});
    release.insert(QStringLiteral("immutable"), true);
    demo.create(teamA, release);

    QString catalogue = QStringLiteral("sku,name,price\n");
    for (int item = 0; catalogue.size() < 900 * 1024; ++item)
        catalogue += QStringLiteral("SKU-%1,widget model %2,%3.99\n")
                         .arg(item, 6, 10, QLatin1Char('0'))
                         .arg(item % 97)
                         .arg(item % 500);
    demo.create(teamB, configMap(QStringLiteral("product-catalogue"),
                                 {{QStringLiteral("catalogue.csv"), catalogue}}));
    demo.create(
        teamB, configMap(QStringLiteral("trusted-cas"), {{QStringLiteral("ca-bundle.crt"),
                                                          QString::fromLatin1(caCertificatePem)}}));
}

QJsonObject certificateRequest(const QString &name, const QString &request, const char *signer,
                               const QJsonArray &usages)
{
    return QJsonObject{
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
        {QStringLiteral("spec"), QJsonObject{{QStringLiteral("request"), request},
                                             {QStringLiteral("signerName"), QLatin1String(signer)},
                                             {QStringLiteral("expirationSeconds"), 86400},
                                             {QStringLiteral("usages"), usages}}}};
}

// Developers may ask for client certificates (a common grant), so a colleague's request waits;
// a node's first certificate, sent with the default node token, was approved by hand.
void addCertificateRequests(DemoScript &demo, const Rename &rename)
{
    const QString requester = rename(QStringLiteral("csr-requester"));
    demo.create(rbac + QStringLiteral("clusterroles"), named(requester, parse(R"({
        "rules":[{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests"],"verbs":["create","get","list","watch"]}]})")));
    QJsonObject devsRequest = parse(R"({
        "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"devs"}]})");
    devsRequest.insert(
        QStringLiteral("roleRef"),
        QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                    {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                    {QStringLiteral("name"), requester}});
    demo.create(rbac + QStringLiteral("clusterrolebindings"),
                named(rename(QStringLiteral("devs-request-certificates")), devsRequest));

    const QString csrs = QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests");
    demo.writes.push_back(
        {"POST",
         csrs,
         certificateRequest(rename(QStringLiteral("alice-laptop")),
                            requestFor(QStringLiteral("alice"), {QStringLiteral("devs")}),
                            "kubernetes.io/kube-apiserver-client",
                            QJsonArray{QStringLiteral("client auth")}),
         QStringLiteral("alice"),
         {QStringLiteral("devs"), QStringLiteral("system:authenticated")}});
    const QString node = rename(QStringLiteral("node-csr-worker-1"));
    demo.writes.push_back(
        {"POST",
         csrs,
         certificateRequest(
             node,
             requestFor(QStringLiteral("system:node:worker-1"), {QStringLiteral("system:nodes")}),
             "kubernetes.io/kube-apiserver-client-kubelet",
             QJsonArray{QStringLiteral("digital signature"), QStringLiteral("client auth")}),
         QStringLiteral("system:bootstrap:demo00"),
         {QStringLiteral("system:bootstrappers"),
          QStringLiteral("system:bootstrappers:kubeadm:default-node-token"),
          QStringLiteral("system:authenticated")}});
    demo.writes.push_back({"APPROVE", csrs + QLatin1Char('/') + node, {}, admin, adminGroups});
}

} // namespace

std::vector<DemoWrite> demoWrites(const QByteArray &caCertificatePem, const QString &serverUrl,
                                  const QDateTime &now, const Rename &rename)
{
    DemoScript demo;
    addTeams(demo, rename);
    addTokens(demo, now);
    addClusterInfo(demo, caCertificatePem, serverUrl);
    addKubeadmConfigMaps(demo, serverUrl);
    addApplicationConfigMaps(demo, caCertificatePem, rename);
    addCertificateRequests(demo, rename);
    return demo.writes;
}

QJsonObject approved(QJsonObject csr, const QDateTime &now)
{
    const QString stamp = now.toString(Qt::ISODate);
    csr.insert(
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
    return csr;
}

void seedDemoCluster(ApiHandler &api, const SandboxPki &pki, const QString &serverUrl)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto send = [&api](const char *method, const QString &path, const QJsonObject &object,
                             const DemoWrite &as) {
        ApiRequest request;
        request.method = method;
        request.path = path;
        request.contentType = "application/json";
        request.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        request.identity = {as.user, {}, as.groups};
        return api.handle(request);
    };
    for (const DemoWrite &write :
         demoWrites(pki.caCertificate, serverUrl, now, [](const QString &name) { return name; })) {
        if (write.method == "APPROVE")
            send("PUT", write.path + QStringLiteral("/approval"),
                 approved(send("GET", write.path, {}, write).body, now), write);
        else
            send(write.method.constData(), write.path, write.body, write);
    }
}

} // namespace kubestrap::sandbox
