#include "bootstrap_doctor.h"

#include "cluster_info.h"
#include "human_duration.h"

#include <QCoreApplication>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::BootstrapDoctor", text);
}

using State = DoctorCheck::State;

rbac::Request resourceRequest(const QString &verb, const QString &group, const QString &resource,
                              const QString &subresource = {}, const QString &ns = {},
                              const QString &name = {})
{
    return {verb, group, resource, subresource, ns, name, {}};
}

// A user that authenticated with a bootstrap token in `group`, as the API server builds it.
rbac::UserInfo tokenUser(const QString &group)
{
    return {
        QStringLiteral("system:bootstrap:doctor"),
        {QStringLiteral("system:bootstrappers"), group, QStringLiteral("system:authenticated")}};
}

const rbac::UserInfo kAnonymous{QStringLiteral("system:anonymous"),
                                {QStringLiteral("system:unauthenticated")}};
const rbac::UserInfo kNode{
    QStringLiteral("system:node:kubestrap-doctor"),
    {QStringLiteral("system:nodes"), QStringLiteral("system:authenticated")}};

void checkTokens(const BootstrapSnapshot &snapshot, const DoctorOptions &options,
                 std::vector<DoctorCheck> &checks, std::vector<BootstrapToken> &tokens)
{
    QStringList joining;
    for (const QJsonObject &secret : snapshot.tokenSecrets) {
        const auto token = BootstrapToken::fromSecret(secret);
        const QString name = secret.value(QStringLiteral("metadata"))
                                 .toObject()
                                 .value(QStringLiteral("name"))
                                 .toString();
        if (!token) {
            checks.push_back(
                {BootstrapPart::Token, State::Warning, tr("token Secret %1").arg(name),
                 tr("malformed, so the API server ignores it: %1").arg(token.error().message)});
            continue;
        }
        tokens.push_back(*token);
        if (token->expired(options.now))
            continue;
        if (!token->expiration)
            checks.push_back({BootstrapPart::Token, State::Warning, tr("token %1").arg(token->id),
                              tr("never expires: whoever holds it can join nodes until it is "
                                 "deleted")});
        else if (options.now.secsTo(*token->expiration) < options.expiringWithin)
            checks.push_back(
                {BootstrapPart::Token, State::Warning, tr("token %1").arg(token->id),
                 tr("expires in %1")
                     .arg(shortHumanDuration(options.now.secsTo(*token->expiration)))});
        if (token->usages.contains(QStringLiteral("authentication"))
            && token->usages.contains(QStringLiteral("signing")))
            joining << token->id;
    }
    if (joining.isEmpty())
        checks.push_back({BootstrapPart::Token, State::Missing, tr("a token to join with"),
                          tr("no valid token both authenticates and signs cluster-info; a node "
                             "joining with a token needs both")});
    else
        checks.push_back({BootstrapPart::Token, State::Ok, tr("a token to join with"),
                          tr("valid: %1").arg(joining.join(QStringLiteral(", ")))});
}

void checkClusterInfo(const BootstrapSnapshot &snapshot, const DoctorOptions &options,
                      const std::vector<BootstrapToken> &tokens, std::vector<DoctorCheck> &checks)
{
    const QString title = tr("cluster-info");
    if (!snapshot.clusterInfo) {
        checks.push_back({BootstrapPart::ClusterInfo, State::Missing, title,
                          tr("kube-public/cluster-info does not exist: nodes cannot discover "
                             "the cluster")});
        return;
    }
    const auto info = decodeClusterInfo(*snapshot.clusterInfo);
    if (!info) {
        checks.push_back({BootstrapPart::ClusterInfo, State::Differs, title, info.error().message});
        return;
    }
    QStringList differences = info->deviations;
    if (!options.expectedServer.isEmpty() && info->server != options.expectedServer)
        differences << tr("it names server %1, not %2").arg(info->server, options.expectedServer);
    if (!options.expectedCa.isEmpty()
        && info->certificateAuthorityPem.trimmed() != options.expectedCa.trimmed())
        differences << tr("its CA is not the expected one");
    if (snapshot.caMatchesServer == false)
        differences << tr("its CA is not the one the API server's certificate chains to: "
                          "joining nodes will refuse the server");
    if (differences.isEmpty())
        checks.push_back({BootstrapPart::ClusterInfo, State::Ok, title,
                          tr("server %1, CA embedded").arg(info->server)});
    else
        checks.push_back({BootstrapPart::ClusterInfo, State::Differs, title,
                          differences.join(QStringLiteral("; "))});

    for (const SignatureCheck &signature : checkSignatures(*info, tokens, options.now)) {
        const QString what = tr("signature of token %1").arg(signature.tokenId);
        switch (signature.state) {
        case SignatureCheck::State::Valid:
            checks.push_back({std::nullopt, State::Ok, what, tr("verifies")});
            break;
        case SignatureCheck::State::Missing:
        case SignatureCheck::State::Invalid:
            // The BootstrapSigner writes them; nothing Kubestrap creates can stand in for it.
            checks.push_back({std::nullopt,
                              signature.state == SignatureCheck::State::Missing ? State::Missing
                                                                                : State::Differs,
                              what, signature.reason});
            break;
        default:
            checks.push_back({std::nullopt, State::Warning, what, signature.reason});
        }
    }
}

// One question to the authorizer per permission the procedure needs, in the order the doctor
// lists them: a table more than a function, kept whole so that the checks read as kubeadm's list.
void checkRbac(const BootstrapSnapshot &snapshot, const DoctorOptions &options,
               std::vector<DoctorCheck> &checks)
{
    const rbac::Authorizer authorizer(snapshot.roles, snapshot.clusterRoles, snapshot.roleBindings,
                                      snapshot.clusterRoleBindings);
    const auto expect = [&](BootstrapPart part, const rbac::UserInfo &user,
                            const rbac::Request &request, const QString &title,
                            const QString &missing) {
        const rbac::Decision decision = authorizer.authorize(user, request);
        checks.push_back(decision.allowed ? DoctorCheck{part, State::Ok, title, decision.reason}
                                          : DoctorCheck{part, State::Missing, title, missing});
    };
    const QString certificates = QStringLiteral("certificates.k8s.io");
    const QString csrs = QStringLiteral("certificatesigningrequests");
    expect(BootstrapPart::AnonymousRead, kAnonymous,
           resourceRequest(QStringLiteral("get"), {}, QStringLiteral("configmaps"), {},
                           QLatin1String(kClusterInfoNamespace), QLatin1String(kClusterInfoName)),
           tr("anonymous users may read cluster-info"),
           tr("system:anonymous may not get configmaps/cluster-info in kube-public: joining nodes "
              "cannot discover the cluster"));
    for (const QString &group : options.groups) {
        const rbac::UserInfo user = tokenUser(group);
        expect(BootstrapPart::NodeBootstrapper, user,
               resourceRequest(QStringLiteral("create"), certificates, csrs),
               tr("%1 may ask for certificates").arg(group),
               tr("a token in %1 may not create certificatesigningrequests").arg(group));
        expect(BootstrapPart::GetNodes, user,
               resourceRequest(QStringLiteral("get"), {}, QStringLiteral("nodes")),
               tr("%1 may look up nodes").arg(group),
               tr("a token in %1 may not get nodes: kubeadm join cannot check that the node name "
                  "is free")
                   .arg(group));
        expect(BootstrapPart::AutoApproveFirst, user,
               resourceRequest(QStringLiteral("create"), certificates, csrs,
                               QStringLiteral("nodeclient")),
               tr("first node certificates of %1 are approved automatically").arg(group),
               tr("a token in %1 may not create certificatesigningrequests/nodeclient, so the "
                  "approver leaves its nodes' first certificates pending")
                   .arg(group));
        for (const auto &[request, what] :
             {std::pair{
                  resourceRequest(QStringLiteral("*"), QStringLiteral("*"), QStringLiteral("*")),
                  tr("may do anything (cluster-admin or a wildcard rule)")},
              std::pair{resourceRequest(QStringLiteral("get"), {}, QStringLiteral("secrets"), {},
                                        QStringLiteral("kube-system")),
                        tr("may read the Secrets in kube-system")}}) {
            const rbac::Decision decision = authorizer.authorize(user, request);
            if (decision.allowed)
                checks.push_back({std::nullopt, State::Warning,
                                  tr("tokens in %1 are too powerful").arg(group),
                                  tr("a bootstrap token %1: %2").arg(what, decision.reason)});
        }
    }
    expect(BootstrapPart::AutoApproveRenewals, kNode,
           resourceRequest(QStringLiteral("create"), certificates, csrs,
                           QStringLiteral("selfnodeclient")),
           tr("nodes' certificate renewals are approved automatically"),
           tr("system:nodes may not create certificatesigningrequests/selfnodeclient, so renewed "
              "node certificates wait for an admin"));

    for (const auto &[request, what] :
         {std::pair{resourceRequest(QStringLiteral("list"), {}, QStringLiteral("configmaps"), {},
                                    QLatin1String(kClusterInfoNamespace)),
                    tr("list every ConfigMap in kube-public")},
          std::pair{resourceRequest(QStringLiteral("get"), {}, QStringLiteral("secrets"), {},
                                    QStringLiteral("kube-system")),
                    tr("read the Secrets in kube-system")},
          std::pair{resourceRequest(QStringLiteral("create"), certificates, csrs),
                    tr("ask for certificates")},
          std::pair{resourceRequest(QStringLiteral("*"), QStringLiteral("*"), QStringLiteral("*")),
                    tr("do anything")}}) {
        const rbac::Decision decision = authorizer.authorize(kAnonymous, request);
        if (decision.allowed)
            checks.push_back({std::nullopt, State::Warning,
                              tr("anonymous users may do more than read cluster-info"),
                              tr("they may %1: %2").arg(what, decision.reason)});
    }
    const rbac::Decision serving =
        authorizer.authorize(kNode, resourceRequest(QStringLiteral("create"), certificates, csrs,
                                                    QStringLiteral("selfnodeserver")));
    if (serving.allowed)
        checks.push_back({std::nullopt, State::Warning, tr("a selfnodeserver grant does nothing"),
                          tr("%1, but the built-in approver never approves kubelet serving "
                             "certificates: they need a separate approver or an admin")
                              .arg(serving.reason)});
}

void checkProbe(const TokenProbe &probe, const std::vector<BootstrapToken> &tokens,
                const DoctorOptions &options, std::vector<DoctorCheck> &checks)
{
    const QString title = tr("token %1 on the API server").arg(probe.tokenId);
    if (!probe.error.isEmpty()) {
        checks.push_back(
            {std::nullopt, State::Warning, title, tr("could not be tried: %1").arg(probe.error)});
        return;
    }
    if (!probe.authenticated) {
        bool secretValid = false;
        for (const BootstrapToken &token : tokens)
            secretValid = secretValid
                          || (token.id == probe.tokenId && !token.expired(options.now)
                              && token.usages.contains(QStringLiteral("authentication")));
        checks.push_back({std::nullopt, State::Differs, title,
                          secretValid ? tr("refused although its Secret is valid: bootstrap-token "
                                           "authentication is off on the API server "
                                           "(--enable-bootstrap-token-auth)")
                                      : tr("refused: its Secret does not let it authenticate")});
        return;
    }
    checks.push_back({std::nullopt, State::Ok, title, tr("authenticates as %1").arg(probe.user)});
    if (probe.mayCreateNodeCsr == false)
        checks.push_back({BootstrapPart::NodeBootstrapper, State::Missing,
                          tr("token %1 may ask for a certificate").arg(probe.tokenId),
                          tr("the API server says it may not create certificatesigningrequests")});
    if (probe.dryRunCsrError && !probe.dryRunCsrError->isEmpty())
        checks.push_back({BootstrapPart::NodeBootstrapper, State::Differs,
                          tr("a node CSR sent with token %1").arg(probe.tokenId),
                          tr("refused in a dry run: %1").arg(*probe.dryRunCsrError)});
    else if (probe.dryRunCsrError)
        checks.push_back({std::nullopt, State::Ok,
                          tr("a node CSR sent with token %1").arg(probe.tokenId),
                          tr("accepted in a dry run")});
}

} // namespace

std::vector<DoctorCheck> diagnose(const BootstrapSnapshot &snapshot, const DoctorOptions &options,
                                  const std::optional<TokenProbe> &probe)
{
    std::vector<DoctorCheck> checks;
    std::vector<BootstrapToken> tokens;
    checkTokens(snapshot, options, checks, tokens);
    checkClusterInfo(snapshot, options, tokens, checks);
    checkRbac(snapshot, options, checks);
    if (probe)
        checkProbe(*probe, tokens, options, checks);
    return checks;
}

bool healthy(const std::vector<DoctorCheck> &checks)
{
    return std::all_of(checks.begin(), checks.end(), [](const DoctorCheck &check) {
        return check.state == State::Ok || check.state == State::Warning;
    });
}

} // namespace kubestrap
