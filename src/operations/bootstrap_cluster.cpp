#include "bootstrap_cluster.h"

#include "access_review.h"

#include "api_paths.h"
#include "identity.h"
#include "kubeadm_config.h"
#include "list_all.h"
#include "rbac_objects.h"
#include "x509.h"

#include <QJsonArray>

#include <memory>
#include <set>

namespace kubestrap {

namespace {

// Counts outstanding reads; the last one to finish hands the snapshot over, or the first error.
struct SnapshotRead {
    BootstrapSnapshot snapshot;
    std::optional<QList<QByteArray>> chain;
    int pending = 0;
    std::optional<Error> error;
    std::function<void(const Result<BootstrapSnapshot> &)> done;

    void finished()
    {
        if (--pending > 0)
            return;
        if (error)
            return done(unexpected(*error));
        if (chain && snapshot.clusterInfo) {
            if (const auto info = decodeClusterInfo(*snapshot.clusterInfo))
                snapshot.caMatchesServer =
                    x509::chainLeadsTo(*chain, info->certificateAuthorityPem);
        }
        done(snapshot);
    }
};

} // namespace

void readBootstrapSnapshot(ApiClient &client,
                           std::function<void(const Result<BootstrapSnapshot> &)> done)
{
    auto read = std::make_shared<SnapshotRead>();
    read->done = std::move(done);
    BootstrapSnapshot &s = read->snapshot;
    CollectionReads reads =
        rbacReads(&s.roles, &s.clusterRoles, &s.roleBindings, &s.clusterRoleBindings);
    reads.push_back({paths::tokenSecretList(), &s.tokenSecrets});
    ++read->pending; // held until every read has been sent
    ++read->pending;
    listAll(client, reads, [read](const std::optional<Error> &failure) {
        if (failure && !read->error)
            read->error = failure;
        read->finished();
    });
    ++read->pending;
    client.get(paths::clusterInfo(), [read](const QJsonObject &map, const ApiFailure *failure) {
        if (!failure)
            read->snapshot.clusterInfo = map;
        else if (failure->kind != ApiFailure::Kind::NotFound && !read->error)
            read->error = Error{failure->message, failure->reason};
        read->finished();
    });
    ++read->pending;
    client.serverCertificates([read](const QList<QByteArray> &chain, const ApiFailure *) {
        if (!chain.isEmpty())
            read->chain = chain; // without one, the CA check stays unknown
        read->finished();
    });
    read->finished();
}

void probeToken(const ApiClient &admin, const BootstrapToken &token,
                std::function<void(const TokenProbe &)> done)
{
    // Released from inside its own replies' signals: deleted later, never under them.
    auto client = std::shared_ptr<ApiClient>(
        new ApiClient(admin.connection().withBearerTokenOnly(token.token().toUtf8())),
        [](ApiClient *done) { done->deleteLater(); });
    auto probe = std::make_shared<TokenProbe>();
    probe->tokenId = token.id;
    findIdentity(*client, [client, probe, done](const Result<Identity> &identity) {
        if (!identity) {
            // A refused credential is the finding; anything else means it could not be tried.
            if (identity.error().detail == QLatin1String("Unauthorized"))
                probe->authenticated = false;
            else
                probe->error = identity.error().message;
            return done(*probe);
        }
        probe->authenticated = true;
        probe->user = identity->username;
        mayI(*client,
             {QStringLiteral("create"),
              QStringLiteral("certificates.k8s.io"),
              QStringLiteral("certificatesigningrequests"),
              {},
              {}},
             [client, probe, done](const Result<bool> &allowed) {
                 if (allowed)
                     probe->mayCreateNodeCsr = *allowed;
                 // A node's first CSR, as the kubelet sends it, checked and not stored.
                 const auto key = x509::generatePrivateKey();
                 x509::CertificateProfile profile;
                 profile.commonName = QStringLiteral("system:node:kubestrap-doctor-probe");
                 profile.organizations = {QStringLiteral("system:nodes")};
                 const auto request = key ? x509::createRequest(*key, profile)
                                          : Result<QByteArray>(unexpected(key.error()));
                 if (!request) {
                     probe->dryRunCsrError = request.error().message;
                     return done(*probe);
                 }
                 client->create(
                     paths::certificateSigningRequests(),
                     QJsonObject{
                         {QStringLiteral("apiVersion"), QStringLiteral("certificates.k8s.io/v1")},
                         {QStringLiteral("kind"), QStringLiteral("CertificateSigningRequest")},
                         {QStringLiteral("metadata"),
                          QJsonObject{{QStringLiteral("generateName"),
                                       QStringLiteral("kubestrap-doctor-")}}},
                         {QStringLiteral("spec"),
                          QJsonObject{
                              {QStringLiteral("request"), QString::fromLatin1(request->toBase64())},
                              {QStringLiteral("signerName"),
                               QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet")},
                              {QStringLiteral("usages"),
                               QJsonArray{QStringLiteral("digital signature"),
                                          QStringLiteral("client auth")}}}}},
                     [client, probe, done](const QJsonObject &, const ApiFailure *failure) {
                         probe->dryRunCsrError = failure ? failure->message : QString();
                         done(*probe);
                     },
                     ApiClient::Write::DryRun);
             });
    });
}

std::optional<BootstrapToken> joiningToken(const BootstrapSnapshot &snapshot, const QDateTime &now)
{
    for (const QJsonObject &secret : snapshot.tokenSecrets) {
        const auto token = BootstrapToken::fromSecret(secret);
        if (token && !token->expired(now)
            && token->usages.contains(QStringLiteral("authentication")))
            return *token;
    }
    return std::nullopt;
}

void runBootstrapDoctor(ApiClient &client, const DoctorOptions &options,
                        const std::optional<BootstrapToken> &given,
                        std::function<void(const Result<DoctorReport> &)> done)
{
    readBootstrapSnapshot(client, [&client, options, given,
                                   done](const Result<BootstrapSnapshot> &snapshot) {
        if (!snapshot)
            return done(unexpected(snapshot.error()));
        const auto token = given ? given : joiningToken(*snapshot, options.now);
        if (!token)
            return done(DoctorReport{*snapshot, diagnose(*snapshot, options)});
        probeToken(client, *token, [snapshot = *snapshot, options, done](const TokenProbe &probe) {
            done(DoctorReport{snapshot, diagnose(snapshot, options, probe)});
        });
    });
}

Result<RepairPlan> planRepair(const BootstrapSnapshot &snapshot, const DoctorOptions &doctor,
                              BootstrapOptions options, bool tokenGiven)
{
    std::set<BootstrapPart> broken;
    for (const DoctorCheck &check : diagnose(snapshot, doctor)) {
        if (check.part
            && (check.state == DoctorCheck::State::Missing
                || check.state == DoctorCheck::State::Differs))
            broken.insert(*check.part);
    }
    RepairPlan repair;
    if (tokenGiven) {
        broken.insert(BootstrapPart::Token);
    } else if (const auto existing = joiningToken(snapshot, doctor.now);
               existing && existing->usages.contains(QStringLiteral("signing"))) {
        broken.erase(BootstrapPart::Token); // keep the token the cluster already has
        repair.token = existing;
    }
    std::set<BootstrapPart> chosen;
    for (const BootstrapPart part : options.parts) {
        if (broken.count(part))
            chosen.insert(part);
    }
    if (chosen.count(BootstrapPart::Token))
        repair.token = options.token;
    options.parts = chosen;
    auto objects = planBootstrap(options);
    if (!objects)
        return unexpected(objects.error());
    repair.objects = std::move(*objects);
    return repair;
}

void readJoinServer(ApiClient &client, std::function<void(const QUrl &)> done)
{
    const QUrl own = client.connection().server();
    client.get(kubeadmConfigPath(),
               [own, done](const QJsonObject &config, const ApiFailure *failure) {
                   const auto endpoint = failure ? std::nullopt : controlPlaneEndpoint(config);
                   done(endpoint.value_or(own));
               });
}

} // namespace kubestrap
