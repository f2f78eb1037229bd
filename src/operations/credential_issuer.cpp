#include "credential_issuer.h"

#include "api_paths.h"
#include "bootstrap_plan.h"
#include "create_or_update.h"
#include "kubectl_command.h"
#include "object_meta.h"
#include "rbac_object.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>
#include <QTimer>

#include <algorithm>

namespace kubestrap {

namespace {

const QString kClientSigner = QStringLiteral("kubernetes.io/kube-apiserver-client");
// kubeadm's name for the user of a bootstrap kubeconfig (bootstrap-kubelet.conf).
const QString kBootstrapUser = QStringLiteral("tls-bootstrap-token-user");

// A CSR name prefix from a user name: DNS-label characters only, as object names need.
QString csrPrefix(const QString &commonName)
{
    QString cleaned = commonName.toLower();
    cleaned.replace(QRegularExpression(QStringLiteral("[^a-z0-9.-]+")), QStringLiteral("-"));
    return QStringLiteral("kubestrap-%1-").arg(cleaned.left(40));
}

std::optional<QJsonObject> conditionOf(const QJsonObject &csr, const char *type)
{
    for (const QJsonValue &condition : csr.value(QStringLiteral("status"))
                                           .toObject()
                                           .value(QStringLiteral("conditions"))
                                           .toArray()) {
        if (condition.toObject().value(QStringLiteral("type")).toString() == QLatin1String(type))
            return condition.toObject();
    }
    return std::nullopt;
}

} // namespace

CredentialIssuer::CredentialIssuer(ApiClient *client, CredentialRequest request, QObject *parent)
    : QObject(parent), client(client), request(std::move(request))
{
}

QStringList CredentialIssuer::created() const
{
    QStringList names;
    for (const Made &each : made)
        names << each.display;
    return names;
}

void CredentialIssuer::start(Done done)
{
    finish = std::move(done);
    cancelled = false;
    made.clear();
    notes.clear();
    commands.clear();
    if (!client)
        return fail(tr("not connected to a cluster"));
    switch (request.kind) {
    case CredentialRequest::Kind::BootstrapToken:
        return issueBootstrapToken();
    case CredentialRequest::Kind::ClientCertificate:
        return issueClientCertificate();
    case CredentialRequest::Kind::ServiceAccount:
        return issueServiceAccountToken();
    }
}

void CredentialIssuer::cancel()
{
    cancelled = true;
}

void CredentialIssuer::createOrKeep(const QString &collection, const QJsonObject &object,
                                    const QString &display, const QString &command,
                                    std::function<void(bool existed)> then)
{
    Q_EMIT progress(tr("Creating %1").arg(display));
    writes::createOrRetain(
        *client, collection, object,
        [this, collection, display, command, then](bool existed, const QJsonObject &created,
                                                   const ApiFailure *failure) {
            if (failure)
                return fail(tr("cannot create %1: %2").arg(display, failure->message));
            if (existed)
                return then(true);
            made.push_back(
                {collection + QLatin1Char('/') + kubestrap::objectName(created), display});
            commands << command;
            if (cancelled)
                return fail(tr("cancelled"));
            then(false);
        });
}

void CredentialIssuer::issueBootstrapToken()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    BootstrapToken token;
    if (request.token) {
        token = *request.token;
    } else {
        auto generated = BootstrapToken::generate(
            now, request.expiration.count() ? request.expiration : std::chrono::hours(24));
        if (!generated)
            return fail(generated.error().message);
        token = *generated;
        token.description = tr("kubeconfig exported by Kubestrap");
    }
    Q_EMIT progress(tr("Looking for token %1").arg(token.id));
    client->get(paths::tokenSecret(token.id), [this, token](const QJsonObject &secret,
                                                            const ApiFailure *failure) {
        if (cancelled)
            return fail(tr("cancelled"));
        IssuedCredential issued;
        issued.userName = kBootstrapUser;
        issued.token = token.token();
        issued.identity = QStringLiteral("system:bootstrap:") + token.id;
        issued.groups = QStringList{QStringLiteral("system:bootstrappers")} + token.extraGroups;
        issued.expires = token.expiration;
        if (!failure) {
            // The token is on the cluster already: it must be the same secret, and usable.
            const auto existing = BootstrapToken::fromSecret(secret);
            if (!existing || existing->secret != token.secret)
                return fail(tr("a different token with id %1 exists on the cluster").arg(token.id));
            if (!existing->usages.contains(QStringLiteral("authentication")))
                return fail(tr("token %1 is not usable for authentication").arg(token.id));
            if (existing->expired(QDateTime::currentDateTimeUtc()))
                return fail(tr("token %1 has expired").arg(token.id));
            issued.expires = existing->expiration;
            issued.groups =
                QStringList{QStringLiteral("system:bootstrappers")} + existing->extraGroups;
            notes << tr("token %1 existed already and is used as it is").arg(token.id);
            return succeed(issued);
        }
        if (failure->kind != ApiFailure::Kind::NotFound)
            return fail(tr("cannot read token %1: %2").arg(token.id, failure->message));
        const PlannedObject planned{BootstrapPart::Token, token.toSecret(), paths::tokenSecrets(),
                                    paths::tokenSecret(token.id)};
        createOrKeep(paths::tokenSecrets(), planned.object,
                     kubectl::reference(QStringLiteral("Secret"), token.secretName(),
                                        QStringLiteral("kube-system")),
                     kubectlCommandWithoutSecrets(planned),
                     [this, issued](bool) { succeed(issued); });
    });
}

namespace {

struct KeyAndRequest {
    QByteArray key;
    QByteArray request;
};

Result<KeyAndRequest> makeKeyAndRequest(x509::KeyType type, const x509::CertificateProfile &profile)
{
    auto key = x509::generatePrivateKey(type);
    if (!key)
        return unexpected(key.error());
    auto csr = x509::createRequest(*key, profile);
    if (!csr)
        return unexpected(csr.error());
    return KeyAndRequest{*key, *csr};
}

} // namespace

void CredentialIssuer::issueClientCertificate()
{
    if (request.commonName.trimmed().isEmpty())
        return fail(tr("a client certificate needs a user name (CN)"));
    Q_EMIT progress(tr("Making a private key"));
    x509::CertificateProfile profile;
    profile.commonName = request.commonName;
    profile.organizations = request.groups;
    // An RSA 4096 key takes up to seconds: made on a worker thread, the window stays responsive.
    auto *making = new QFutureWatcher<Result<KeyAndRequest>>(this);
    connect(making, &QFutureWatcherBase::finished, this, [this, making] {
        making->deleteLater();
        const Result<KeyAndRequest> made = making->result();
        if (cancelled)
            return fail(tr("cancelled"));
        if (!made)
            return fail(made.error().message);
        askForCertificate(made->key, made->request);
    });
    making->setFuture(QtConcurrent::run(makeKeyAndRequest, request.keyType, profile));
}

void CredentialIssuer::askForCertificate(const QByteArray &key, const QByteArray &csr)
{
    QJsonObject spec{{QStringLiteral("request"), QString::fromLatin1(csr.toBase64())},
                     {QStringLiteral("signerName"), kClientSigner},
                     {QStringLiteral("usages"), QJsonArray{QStringLiteral("client auth")}}};
    if (request.expiration.count())
        spec.insert(QStringLiteral("expirationSeconds"), qint64(request.expiration.count()));
    const QJsonObject object{
        {QStringLiteral("apiVersion"), QStringLiteral("certificates.k8s.io/v1")},
        {QStringLiteral("kind"), QStringLiteral("CertificateSigningRequest")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("generateName"), csrPrefix(request.commonName)}}},
        {QStringLiteral("spec"), spec}};
    Q_EMIT progress(tr("Asking the cluster for a certificate for %1").arg(request.commonName));
    client->create(
        paths::certificateSigningRequests(), object,
        [this, key, object](const QJsonObject &answer, const ApiFailure *failure) {
            if (failure)
                return fail(tr("cannot ask for a certificate: %1").arg(failure->message));
            const QString name = kubestrap::objectName(answer);
            made.push_back({paths::certificateSigningRequests() + QLatin1Char('/') + name,
                            QStringLiteral("certificatesigningrequest/") + name});
            QJsonObject named = object;
            named.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}});
            commands << kubectl::create(named);
            if (cancelled)
                return fail(tr("cancelled"));
            deadline = QDateTime::currentDateTimeUtc().addMSecs(request.issueTimeout.count());
            approve(name);
            awaitCertificate(name, key);
        });
}

void CredentialIssuer::approve(const QString &name)
{
    commands << kubectl::decideCertificate(true, name);
    client->get(
        paths::certificateSigningRequests() + QLatin1Char('/') + name,
        [this, name](const QJsonObject &csr, const ApiFailure *failure) {
            if (failure || cancelled || !finish)
                return; // awaitCertificate reports what went wrong
            QJsonObject status = csr.value(QStringLiteral("status")).toObject();
            QJsonArray conditions = status.value(QStringLiteral("conditions")).toArray();
            conditions.append(QJsonObject{
                {QStringLiteral("type"), QStringLiteral("Approved")},
                {QStringLiteral("status"), QStringLiteral("True")},
                {QStringLiteral("reason"), QStringLiteral("KubestrapExport")},
                {QStringLiteral("message"), QStringLiteral("approved for a kubeconfig export")}});
            status.insert(QStringLiteral("conditions"), conditions);
            QJsonObject approved = csr;
            approved.insert(QStringLiteral("status"), status);
            client->update(
                paths::certificateSigningRequests() + QLatin1Char('/') + name
                    + QStringLiteral("/approval"),
                approved, [this, name](const QJsonObject &, const ApiFailure *refused) {
                    if (!refused || !finish)
                        return;
                    // Someone else may approve it: say who can, and keep waiting.
                    notes << tr("you may not approve certificates (%1)").arg(refused->message);
                    Q_EMIT progress(
                        tr("Waiting for an admin to approve it: kubectl certificate approve "
                           "%1")
                            .arg(name));
                });
        });
}

void CredentialIssuer::awaitCertificate(const QString &name, const QByteArray &key, int pause)
{
    if (cancelled)
        return fail(tr("cancelled"));
    client->get(
        paths::certificateSigningRequests() + QLatin1Char('/') + name,
        [this, name, key, pause](const QJsonObject &csr, const ApiFailure *failure) {
            if (cancelled)
                return fail(tr("cancelled"));
            if (failure)
                return fail(
                    tr("cannot read certificate request %1: %2").arg(name, failure->message));
            if (const auto denied = conditionOf(csr, "Denied"))
                return fail(tr("certificate request %1 was denied: %2")
                                .arg(name, denied->value(QStringLiteral("message")).toString()));
            if (const auto failed = conditionOf(csr, "Failed"))
                return fail(tr("the signer could not issue %1: %2")
                                .arg(name, failed->value(QStringLiteral("message")).toString()));
            const QByteArray certificate =
                QByteArray::fromBase64(csr.value(QStringLiteral("status"))
                                           .toObject()
                                           .value(QStringLiteral("certificate"))
                                           .toString()
                                           .toLatin1());
            if (!certificate.isEmpty()) {
                const auto info = x509::inspect(certificate);
                if (!info)
                    return fail(tr("the certificate issued for %1 cannot be read: %2")
                                    .arg(name, info.error().message));
                IssuedCredential issued;
                issued.userName = request.commonName;
                issued.certificate = certificate;
                issued.privateKey = key;
                issued.expires = info->notAfter;
                issued.identity = info->commonName;
                issued.groups = info->organizations;
                // The CSR stays, approved: the cluster's record of who was issued what (unless the
                // export is abandoned and undo() removes it).
                return succeed(issued);
            }
            if (QDateTime::currentDateTimeUtc() >= deadline)
                return fail(
                    conditionOf(csr, "Approved")
                        ? tr("certificate request %1 was approved but no certificate came: is "
                             "the controller manager's signer running?")
                              .arg(name)
                        : tr("certificate request %1 was not approved in time").arg(name));
            // A signer usually answers within milliseconds; an admin's approval takes longer.
            QTimer::singleShot(pause, this, [this, name, key, pause] {
                awaitCertificate(name, key, std::min(pause * 2, 500));
            });
        });
}

void CredentialIssuer::issueServiceAccountToken()
{
    const QString ns = request.namespaceName;
    const QString sa = request.serviceAccount;
    if (ns.isEmpty() || sa.isEmpty())
        return fail(tr("name the service account and its namespace"));
    const QString display = kubectl::reference(QStringLiteral("ServiceAccount"), sa, ns);
    const auto bind = [this, ns, sa] {
        // A Role binds in the account's namespace; a ClusterRole, cluster-wide.
        const bool namespaced = !request.bindRole.isEmpty();
        const QString role = namespaced ? request.bindRole : request.bindClusterRole;
        if (role.isEmpty())
            return requestToken();
        const RbacKind kind = namespaced ? RbacKind::RoleBinding : RbacKind::ClusterRoleBinding;
        const QString name = namespaced ? QStringLiteral("kubestrap:%1:%2").arg(sa, role)
                                        : QStringLiteral("kubestrap:%1:%2:%3").arg(ns, sa, role);
        QJsonObject metadata{{QStringLiteral("name"), name}};
        if (namespaced)
            metadata.insert(QStringLiteral("namespace"), ns);
        const QJsonObject binding{
            {QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
            {QStringLiteral("kind"), rbac::kindName(kind)},
            {QStringLiteral("metadata"), metadata},
            {QStringLiteral("roleRef"),
             QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                         {QStringLiteral("kind"),
                          namespaced ? QStringLiteral("Role") : QStringLiteral("ClusterRole")},
                         {QStringLiteral("name"), role}}},
            {QStringLiteral("subjects"),
             QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("ServiceAccount")},
                                    {QStringLiteral("name"), sa},
                                    {QStringLiteral("namespace"), ns}}}}};
        const QString display = kubectl::reference(rbac::kindName(kind), name, ns);
        createOrKeep(rbac::apiPath(kind, ns), binding, display, kubectl::create(binding),
                     [this, display](bool existed) {
                         if (existed)
                             notes << tr("%1 existed already and was kept").arg(display);
                         requestToken();
                     });
    };
    if (!request.createServiceAccount)
        return bind();
    const QJsonObject serviceAccount{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("ServiceAccount")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), sa}, {QStringLiteral("namespace"), ns}}}};
    createOrKeep(paths::serviceAccounts(ns), serviceAccount, display,
                 kubectl::create(serviceAccount), [this, display, bind](bool existed) {
                     if (existed)
                         notes << tr("%1 existed already").arg(display);
                     bind();
                 });
}

void CredentialIssuer::requestToken()
{
    const QString ns = request.namespaceName;
    const QString sa = request.serviceAccount;
    QJsonObject spec{{QStringLiteral("audiences"), QJsonArray()}};
    if (request.expiration.count())
        spec.insert(QStringLiteral("expirationSeconds"), qint64(request.expiration.count()));
    const QJsonObject tokenRequest{
        {QStringLiteral("apiVersion"), QStringLiteral("authentication.k8s.io/v1")},
        {QStringLiteral("kind"), QStringLiteral("TokenRequest")},
        {QStringLiteral("spec"), spec}};
    Q_EMIT progress(tr("Asking for a token of service account %1/%2").arg(ns, sa));
    client->create(
        paths::serviceAccountToken(ns, sa), tokenRequest,
        [this, ns, sa](const QJsonObject &answer, const ApiFailure *failure) {
            if (cancelled)
                return fail(tr("cancelled"));
            if (failure && failure->kind == ApiFailure::Kind::NotFound)
                return fail(
                    tr("service account %1/%2 does not exist (have it created)").arg(ns, sa));
            if (failure)
                return fail(tr("cannot get a token for %1/%2: %3").arg(ns, sa, failure->message));
            commands << kubectl::createToken(sa, ns, request.expiration.count());
            const QJsonObject status = answer.value(QStringLiteral("status")).toObject();
            IssuedCredential issued;
            issued.userName = sa;
            issued.token = status.value(QStringLiteral("token")).toString();
            if (issued.token.isEmpty())
                return fail(tr("the server answered the TokenRequest without a token"));
            issued.expires = QDateTime::fromString(
                status.value(QStringLiteral("expirationTimestamp")).toString(), Qt::ISODate);
            issued.identity = QStringLiteral("system:serviceaccount:%1:%2").arg(ns, sa);
            issued.groups = {QStringLiteral("system:serviceaccounts"),
                             QStringLiteral("system:serviceaccounts:") + ns};
            succeed(issued);
        });
}

void CredentialIssuer::succeed(IssuedCredential credential)
{
    if (!finish)
        return;
    credential.notes = notes + credential.notes;
    Done done = std::move(finish);
    finish = {};
    done(credential);
}

void CredentialIssuer::fail(const QString &why)
{
    if (!finish)
        return;
    Done done = std::move(finish);
    finish = {};
    undo([done, why](const QString &left) {
        done(kubestrap::fail(left.isEmpty() ? why : why + QStringLiteral("; ") + left));
    });
}

void CredentialIssuer::undo(std::function<void(const QString &left)> done)
{
    auto undo = std::make_shared<Undo>();
    ++undoing;
    undo->done = [this, done = std::move(done)](const QString &left) {
        --undoing;
        done(left);
    };
    undo->left.assign(made.rbegin(), made.rend()); // newest first
    made.clear();
    undoNext(undo);
}

void CredentialIssuer::undoNext(const std::shared_ptr<Undo> &undo)
{
    if (undo->left.empty() || !client) {
        for (const Made &each : undo->left)
            undo->kept << kubectl::remove(each.display);
        return undo->done(undo->kept.isEmpty()
                              ? QString()
                              : tr("could not delete what was made, do it with: %1")
                                    .arg(undo->kept.join(QStringLiteral("; "))));
    }
    const Made each = undo->left.front();
    undo->left.erase(undo->left.begin());
    Q_EMIT progress(tr("Deleting %1").arg(each.display));
    client->remove(each.path, [this, undo, each](const QJsonObject &, const ApiFailure *failure) {
        if (failure && failure->kind != ApiFailure::Kind::NotFound)
            undo->kept << kubectl::remove(each.display);
        undoNext(undo);
    });
}

} // namespace kubestrap
