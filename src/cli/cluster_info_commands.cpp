#include "cluster_info_commands.h"

#include "bootstrap_api.h"
#include "cluster_access.h"
#include "x509.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::cluster-info", text);
}

// cluster-info from the cluster, decoded; prints why not and returns nothing when it cannot.
std::optional<ClusterInfo> readClusterInfo(ClusterSession &session, Io &io)
{
    const auto map =
        waitFor([&](ApiClient::Callback done) { session.client->get(paths::clusterInfo(), done); });
    if (!map) {
        io.err << tr("error: %1\n")
                      .arg(map.error().detail == QLatin1String("NotFound")
                               ? tr("there is no cluster-info in kube-public: joining nodes "
                                    "cannot discover this cluster")
                               : map.error().message);
        return std::nullopt;
    }
    auto info = decodeClusterInfo(*map);
    if (!info) {
        io.err << tr("error: %1\n").arg(info.error().message);
        return std::nullopt;
    }
    return *info;
}

QString describeCertificate(const QByteArray &pem)
{
    const auto info = x509::inspect(pem);
    const auto pin = x509::publicKeyPin(pem);
    if (!info || !pin)
        return tr("not a certificate (%1)").arg((info ? pin.error() : info.error()).message);
    return tr("CN=%1, %2%3, valid %4 to %5, %6")
        .arg(info->commonName, info->keyType,
             info->certificateAuthority ? tr(", a CA") : tr(", NOT a CA"),
             info->notBefore.toString(Qt::ISODate), info->notAfter.toString(Qt::ISODate), *pin);
}

int runShow(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Show kube-public/cluster-info: the server and CA joining nodes are told of, who "
           "signed it, and the kubeconfig itself."));
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    const auto info = readClusterInfo(*session, io);
    if (!info)
        return Failure;
    io.out << tr("Server      %1\n").arg(info->server);
    for (const QByteArray &certificate : x509::certificatesIn(info->certificateAuthorityPem))
        io.out << tr("CA          %1\n").arg(describeCertificate(certificate));
    QStringList signers;
    for (const auto &[id, signature] : info->signatures)
        signers << id;
    io.out << tr("Signed by   %1\n")
                  .arg(signers.isEmpty() ? tr("no token (nodes cannot trust it without a CA pin)")
                                         : signers.join(QStringLiteral(", ")));
    for (const QString &deviation : info->deviations)
        io.err << tr("warning: cluster-info: %1\n").arg(deviation);
    io.out << QLatin1Char('\n') << QString::fromUtf8(info->kubeconfig);
    return Success;
}

int runVerify(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Check cluster-info as a joining node would: every signature against the signing "
           "tokens you can read, every valid signing token for its signature, and its CA against "
           "the certificates the API server presents. Exit 0 when all hold, 1 when not."));
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    const auto info = readClusterInfo(*session, io);
    if (!info)
        return Failure;
    bool healthy = info->deviations.isEmpty();
    for (const QString &deviation : info->deviations)
        io.out << tr("problem  %1\n").arg(deviation);

    const auto secrets = waitFor(
        [&](ApiClient::Callback done) { session->client->get(paths::tokenSecretList(), done); });
    if (!secrets) {
        io.out << tr("problem  the tokens cannot be read, so no signature can be checked: %1\n")
                      .arg(secrets.error().message);
        return Failure;
    }
    std::vector<BootstrapToken> tokens;
    for (const QJsonValue &secret : secrets->value(QStringLiteral("items")).toArray()) {
        if (auto token = BootstrapToken::fromSecret(secret.toObject()))
            tokens.push_back(*token);
    }
    const auto checks = checkSignatures(*info, tokens, QDateTime::currentDateTimeUtc());
    if (checks.empty()) {
        healthy = false;
        io.out << tr("problem  no token signs cluster-info: nodes can only join with "
                     "--discovery-token-unsafe-skip-ca-verification or a CA pin\n");
    }
    for (const SignatureCheck &check : checks) {
        const bool valid = check.state == SignatureCheck::State::Valid;
        healthy = healthy && valid;
        io.out << (valid ? tr("ok       the signature of token %1 verifies\n").arg(check.tokenId)
                         : tr("problem  %1\n").arg(check.reason));
    }

    using Chain = Result<QList<QByteArray>>;
    const auto chain = awaitAnswer<Chain>([&](std::function<void(const Chain &)> done) {
        session->client->serverCertificates(
            [done](const QList<QByteArray> &presented, const ApiFailure *failure) {
                done(failure ? Chain(fail(failure->message)) : Chain(presented));
            });
    });
    if (!chain) {
        healthy = false;
        io.out << tr("problem  the API server's certificates cannot be read: %1\n")
                      .arg(chain.error().message);
    } else if (x509::chainLeadsTo(*chain, info->certificateAuthorityPem)) {
        io.out << tr("ok       the CA is the one the API server's certificate chains to\n");
    } else {
        healthy = false;
        io.out << tr("problem  the CA in cluster-info is not the one the API server's certificate "
                     "chains to: joining nodes will refuse the server\n");
    }
    return healthy ? Success : Failure;
}

} // namespace

Command clusterInfoCommand()
{
    return {
        QStringLiteral("cluster-info"),
        tr("Show and verify kube-public/cluster-info"),
        {},
        {{QStringLiteral("show"), tr("Show the server, CA, signers and kubeconfig"), runShow, {}},
         {QStringLiteral("verify"), tr("Check its signatures and CA"), runVerify, {}}}};
}

} // namespace kubestrap::cli
