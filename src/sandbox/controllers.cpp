#include "controllers.h"

#include "csr_review.h"
#include "object_meta.h"
#include "rbac.h"

#include "bootstrap_token.h"
#include "jws.h"
#include "x509.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace kubestrap::sandbox {

void Controllers::start()
{
    worker = std::thread([this] {
        while (!stopping) {
            runOnce();
            store.waitForChange(store.resourceVersion(), std::chrono::seconds(1));
        }
    });
}

void Controllers::stop()
{
    stopping = true;
    if (worker.joinable())
        worker.join();
}

std::optional<QStringList> Controllers::parseSelection(const QString &list)
{
    static const QStringList known{
        QStringLiteral("tokencleaner"),           QStringLiteral("bootstrapsigner"),
        QStringLiteral("csrapproving"),           QStringLiteral("csrsigning"),
        QStringLiteral("root-ca-cert-publisher"), QStringLiteral("clusterrole-aggregation")};
    QStringList chosen;
    for (const QString &item : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = item.trimmed();
        if (name == QLatin1String("*"))
            chosen << known;
        else if (name.startsWith(QLatin1Char('-')) && known.contains(name.mid(1)))
            chosen.removeAll(name.mid(1));
        else if (known.contains(name))
            chosen << name;
        else
            return std::nullopt;
    }
    return chosen;
}

void Controllers::runOnce()
{
    if (enabled.contains(QLatin1String("tokencleaner")))
        cleanTokens();
    if (enabled.contains(QLatin1String("bootstrapsigner")))
        signClusterInfo();
    if (enabled.contains(QLatin1String("csrapproving")))
        approveNodeCertificates();
    if (enabled.contains(QLatin1String("csrsigning")))
        signApprovedCertificates();
    if (enabled.contains(QLatin1String("root-ca-cert-publisher")))
        publishRootCa();
    if (enabled.contains(QLatin1String("clusterrole-aggregation")))
        aggregateClusterRoles();
}

namespace {

const QString kCsrPath = QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests/");
const QString kCsrResource = QStringLiteral("certificates.k8s.io/v1/certificatesigningrequests");

Identity controller(const char *name)
{
    return {QStringLiteral("system:serviceaccount:kube-system:") + QLatin1String(name),
            {},
            {QStringLiteral("system:masters")}};
}

QString nameOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

bool hasCondition(const QJsonObject &csr, const char *type)
{
    for (const QJsonValue &condition : csr.value(QStringLiteral("status"))
                                           .toObject()
                                           .value(QStringLiteral("conditions"))
                                           .toArray()) {
        if (condition.toObject().value(QStringLiteral("type")).toString() == QLatin1String(type))
            return true;
    }
    return false;
}

} // namespace

void Controllers::put(const QString &path, const QJsonObject &body)
{
    ApiRequest request;
    request.method = "PUT";
    request.path = path;
    request.contentType = "application/json";
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    request.identity = controller("certificate-controller");
    api.handle(request);
}

void Controllers::signClusterInfo()
{
    auto clusterInfo = store.get(QStringLiteral("v1/configmaps"), QStringLiteral("kube-public"),
                                 QStringLiteral("cluster-info"));
    if (!clusterInfo)
        return;
    QJsonObject data = clusterInfo->value(QStringLiteral("data")).toObject();
    const QByteArray kubeconfig = data.value(QStringLiteral("kubeconfig")).toString().toUtf8();
    if (kubeconfig.isEmpty())
        return;
    // Every signature is recomputed: stale ones (expired or deleted tokens) go, new ones come.
    QJsonObject signedData;
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (!it.key().startsWith(QLatin1String("jws-kubeconfig-")))
            signedData.insert(it.key(), it.value());
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QJsonObject &secret :
         store.list(QStringLiteral("v1/secrets"), QLatin1String(BootstrapToken::kNamespace))) {
        const auto token = BootstrapToken::fromSecret(secret);
        if (token && !token->expired(now) && token->usages.contains(QLatin1String("signing")))
            signedData.insert(QStringLiteral("jws-kubeconfig-") + token->id,
                              jws::detachedSignature(kubeconfig, token->id, token->secret));
    }
    if (signedData == data)
        return;
    clusterInfo->insert(QStringLiteral("data"), signedData);
    ApiRequest update;
    update.method = "PUT";
    update.path = QStringLiteral("/api/v1/namespaces/kube-public/configmaps/cluster-info");
    update.contentType = "application/json";
    update.body = QJsonDocument(*clusterInfo).toJson(QJsonDocument::Compact);
    update.identity = controller("bootstrap-signer");
    api.handle(update);
}

void Controllers::approveNodeCertificates()
{
    for (QJsonObject csr : store.list(kCsrResource, QString())) {
        const QJsonObject spec = csr.value(QStringLiteral("spec")).toObject();
        if (hasCondition(csr, "Approved") || hasCondition(csr, "Denied")
            || csr.value(QStringLiteral("status"))
                   .toObject()
                   .contains(QStringLiteral("certificate")))
            continue;
        const auto request = x509::inspectRequest(
            QByteArray::fromBase64(spec.value(QStringLiteral("request")).toString().toLatin1()));
        if (!request
            || !kubeletClientRequestProblem(spec.value(QStringLiteral("signerName")).toString(),
                                            stringsIn(spec.value(QStringLiteral("usages"))),
                                            *request)
                    .isEmpty())
            continue;
        // As the approver does: a SubjectAccessReview for the requester, for each permission
        // in turn (a self request tries selfnodeclient, then nodeclient).
        const rbac::UserInfo requester{spec.value(QStringLiteral("username")).toString(),
                                       stringsIn(spec.value(QStringLiteral("groups")))};
        QString message;
        for (const QString &subresource : kubeletClientPermissions(requester.name, *request)) {
            const rbac::Request asked{QStringLiteral("create"),
                                      QStringLiteral("certificates.k8s.io"),
                                      QStringLiteral("certificatesigningrequests"),
                                      subresource,
                                      {},
                                      {},
                                      {}};
            if (api.authorizeAs(requester, asked)) {
                message = subresource == QLatin1String("selfnodeclient")
                              ? QStringLiteral("Auto approving self kubelet client certificate "
                                               "after SubjectAccessReview.")
                              : QStringLiteral("Auto approving kubelet client certificate after "
                                               "SubjectAccessReview.");
                break;
            }
        }
        if (message.isEmpty())
            continue;
        QJsonObject status = csr.value(QStringLiteral("status")).toObject();
        QJsonArray conditions = status.value(QStringLiteral("conditions")).toArray();
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        conditions.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("Approved")},
                                      {QStringLiteral("status"), QStringLiteral("True")},
                                      {QStringLiteral("reason"), QStringLiteral("AutoApproved")},
                                      {QStringLiteral("message"), message},
                                      {QStringLiteral("lastUpdateTime"), now},
                                      {QStringLiteral("lastTransitionTime"), now}});
        status.insert(QStringLiteral("conditions"), conditions);
        csr.insert(QStringLiteral("status"), status);
        put(kCsrPath + nameOf(csr) + QStringLiteral("/approval"), csr);
    }
}

void Controllers::signApprovedCertificates()
{
    static const QStringList signers{QStringLiteral("kubernetes.io/kube-apiserver-client"),
                                     QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet"),
                                     QStringLiteral("kubernetes.io/kubelet-serving")};
    for (QJsonObject csr : store.list(kCsrResource, QString())) {
        const QJsonObject spec = csr.value(QStringLiteral("spec")).toObject();
        QJsonObject status = csr.value(QStringLiteral("status")).toObject();
        if (!hasCondition(csr, "Approved") || hasCondition(csr, "Denied")
            || hasCondition(csr, "Failed") || status.contains(QStringLiteral("certificate"))
            || !signers.contains(spec.value(QStringLiteral("signerName")).toString()))
            continue;
        const QStringList usages = stringsIn(spec.value(QStringLiteral("usages")));
        x509::CertificateProfile profile;
        profile.clientAuth = usages.contains(QLatin1String("client auth"));
        profile.serverAuth = usages.contains(QLatin1String("server auth"));
        // --cluster-signing-duration defaults to a year; expirationSeconds may only shorten it,
        // to ten minutes at least. As kube-controller-manager's signer, the certificate is valid
        // from five minutes ago; one shorter than 8 hours gets those minutes on top.
        qint64 seconds = 365LL * 24 * 3600;
        if (spec.contains(QStringLiteral("expirationSeconds")))
            seconds = std::min(
                seconds,
                std::max<qint64>(600, spec.value(QStringLiteral("expirationSeconds")).toInteger()));
        profile.backdate = std::chrono::minutes(5);
        profile.validity = std::chrono::seconds(seconds);
        if (profile.validity < std::chrono::hours(8))
            profile.validity += profile.backdate;
        const auto certificate = x509::signRequest(
            QByteArray::fromBase64(spec.value(QStringLiteral("request")).toString().toLatin1()),
            profile, pki.caCertificate, pki.caKey);
        if (!certificate)
            continue; // the request was checked at creation; nothing to add here
        status.insert(QStringLiteral("certificate"), QString::fromLatin1(certificate->toBase64()));
        csr.insert(QStringLiteral("status"), status);
        put(kCsrPath + nameOf(csr) + QStringLiteral("/status"), csr);
    }
}

void Controllers::cleanTokens()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QJsonObject &secret :
         store.list(QStringLiteral("v1/secrets"), QLatin1String(BootstrapToken::kNamespace))) {
        if (secret.value(QStringLiteral("type")).toString()
            != QLatin1String(BootstrapToken::kSecretType))
            continue;
        if (!bootstrapSecretExpired(secret, now))
            continue;
        ApiRequest remove;
        remove.method = "DELETE";
        remove.path = QStringLiteral("/api/v1/namespaces/kube-system/secrets/")
                      + secret.value(QStringLiteral("metadata"))
                            .toObject()
                            .value(QStringLiteral("name"))
                            .toString();
        remove.identity = {QStringLiteral("system:serviceaccount:kube-system:token-cleaner"),
                           {},
                           {QStringLiteral("system:masters")}};
        api.handle(remove);
    }
}

void Controllers::publishRootCa()
{
    // As kube-controller-manager's root-ca-cert-publisher: made in every new namespace, made
    // again when deleted, put back when changed.
    const QJsonObject wanted{
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("kube-root-ca.crt")},
                     {QStringLiteral("annotations"),
                      QJsonObject{{QStringLiteral("kubernetes.io/description"),
                                   QStringLiteral(
                                       "Contains a CA bundle that can be used to verify the "
                                       "kube-apiserver when using internal endpoints such as the "
                                       "internal service IP or kubernetes.default.svc. No other "
                                       "usage is guaranteed across distributions of Kubernetes "
                                       "clusters.")}}}}},
        {QStringLiteral("data"),
         QJsonObject{{QStringLiteral("ca.crt"), QString::fromLatin1(pki.caCertificate)}}}};
    for (const QJsonObject &ns : store.list(QStringLiteral("v1/namespaces"), QString())) {
        const QString name = nameOf(ns);
        const auto current =
            store.get(QStringLiteral("v1/configmaps"), name, QStringLiteral("kube-root-ca.crt"));
        if (current
            && current->value(QStringLiteral("data")) == wanted.value(QStringLiteral("data")))
            continue;
        ApiRequest request;
        request.method = current ? "PUT" : "POST";
        request.path = QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(name);
        QJsonObject object = wanted;
        if (current) {
            request.path += QStringLiteral("/kube-root-ca.crt");
            object.insert(QStringLiteral("metadata"), current->value(QStringLiteral("metadata")));
        }
        request.contentType = "application/json";
        request.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        request.identity = controller("root-ca-cert-publisher");
        api.handle(request);
    }
}

void Controllers::aggregateClusterRoles()
{
    // The rule is core's (rbac::aggregatedRules). The controller requeues a role whenever one it
    // selects changes; here the pass repeats until nothing changes, so that nested aggregations
    // (admin takes edit, which takes view) settle within one pass.
    const QString resource = QStringLiteral("rbac.authorization.k8s.io/v1/clusterroles");
    for (int round = 0; round < 10; ++round) {
        bool changed = false;
        const std::vector<QJsonObject> roles = store.list(resource, QString());
        for (const QJsonObject &role : roles) {
            const auto rules = rbac::aggregatedRules(role, roles);
            if (!rules || *rules == role.value(QStringLiteral("rules")).toArray())
                continue;
            QJsonObject updated = role;
            updated.insert(QStringLiteral("rules"), *rules);
            ApiRequest request;
            request.method = "PUT";
            request.path = QStringLiteral("/apis/") + resource + QLatin1Char('/') + nameOf(role);
            request.contentType = "application/json";
            request.body = QJsonDocument(updated).toJson(QJsonDocument::Compact);
            request.identity = controller("clusterrole-aggregation-controller");
            changed = api.handle(request).code == 200 || changed;
        }
        if (!changed)
            return;
    }
}

} // namespace kubestrap::sandbox
