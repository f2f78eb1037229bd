#include "cluster_info_commands.h"

#include "api_paths.h"
#include "cluster_access.h"
#include "create_or_update.h"
#include "x509.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::cluster-info", text);
}

// cluster-info from the cluster, decoded; prints why not and returns nothing when it cannot.
std::optional<ClusterInfo> readClusterInfo(CommandConnection &session, Io &io)
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

// `cluster-info show -o json`: the server, each CA certificate, the signing tokens, what
// differs from what kubeadm writes, and the kubeconfig itself.
QJsonObject clusterInfoJson(const ClusterInfo &info)
{
    QJsonArray authorities;
    for (const QByteArray &certificate : x509::certificatesIn(info.certificateAuthorityPem)) {
        const auto about = x509::inspect(certificate);
        const auto pin = x509::publicKeyPin(certificate);
        if (!about || !pin) {
            authorities.append(QJsonObject{
                {QStringLiteral("problem"), (about ? pin.error() : about.error()).message}});
            continue;
        }
        authorities.append(QJsonObject{
            {QStringLiteral("commonName"), about->commonName},
            {QStringLiteral("keyType"), about->keyType},
            {QStringLiteral("isCA"), about->certificateAuthority},
            {QStringLiteral("notBefore"), about->notBefore.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("notAfter"), about->notAfter.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("pin"), *pin}});
    }
    QStringList signers;
    for (const auto &[id, signature] : info.signatures)
        signers << id;
    return {{QStringLiteral("server"), info.server},
            {QStringLiteral("clusterName"), info.clusterName},
            {QStringLiteral("certificateAuthorities"), authorities},
            {QStringLiteral("signedBy"), QJsonArray::fromStringList(signers)},
            {QStringLiteral("deviations"), QJsonArray::fromStringList(info.deviations)},
            {QStringLiteral("kubeconfig"), QString::fromUtf8(info.kubeconfig)}};
}

int runShow(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Show kube-public/cluster-info: the server and CA joining nodes are told of, who "
           "signed it, and the kubeconfig itself."));
    const QCommandLineOption output = outputOption({QStringLiteral("json")});
    parser.addOption(output);
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    if (!knownOutputFormat(parser.value(output), {QStringLiteral("json")}, io))
        return UsageError;
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    const auto info = readClusterInfo(*session, io);
    if (!info)
        return Failure;
    if (!parser.value(output).isEmpty()) {
        io.out << QString::fromUtf8(
            QJsonDocument(clusterInfoJson(*info)).toJson(QJsonDocument::Indented));
        return Success;
    }
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

// The PEM certificates in `path`, or nothing after saying why not.
std::optional<QByteArray> readCertificateAuthority(const QString &path, Io &io)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        io.err << QCoreApplication::translate("kubestrap::cli::cluster-info",
                                              "error: cannot read %1: %2\n")
                      .arg(file.fileName(), file.errorString());
        return std::nullopt;
    }
    const QByteArray authority = file.readAll();
    if (x509::certificatesIn(authority).isEmpty()) {
        io.err << QCoreApplication::translate("kubestrap::cli::cluster-info",
                                              "error: %1 holds no PEM certificate\n")
                      .arg(file.fileName());
        return std::nullopt;
    }
    return authority;
}

// Creates cluster-info as `planned`, or brings `current` to it. The whole object goes back with
// its resourceVersion, so a change made meanwhile is refused, not overwritten; the signatures stay
// until the BootstrapSigner replaces them.
Result<QJsonObject> writeClusterInfo(ApiClient &client, const QJsonObject &planned,
                                     const QJsonObject *current, ApiClient::Write write)
{
    return waitFor([&](ApiClient::Callback done) {
        if (current)
            client.update(paths::clusterInfo(), writes::updated(planned, *current), done, write);
        else
            client.create(paths::configMaps(QLatin1String(kClusterInfoNamespace)), planned, done,
                          write);
    });
}

struct SetFlags {
    QCommandLineOption server{
        QStringLiteral("server"),
        QCoreApplication::translate("kubestrap::cli::cluster-info",
                                    "The https:// address joining nodes use."),
        QStringLiteral("url")};
    QCommandLineOption ca{QStringLiteral("ca"),
                          QCoreApplication::translate("kubestrap::cli::cluster-info",
                                                      "The cluster's CA certificate (PEM); "
                                                      "default: the one cluster-info holds."),
                          QCoreApplication::translate("kubestrap::cli::cluster-info", "file")};
    QCommandLineOption dryRun{
        QStringLiteral("dry-run"),
        QCoreApplication::translate("kubestrap::cli::cluster-info",
                                    "Have the server check the change without storing it.")};
};

// The CA the cluster-info ConfigMap holds; empty when it holds none or cannot be read.
QByteArray caOf(const QJsonObject &configMap)
{
    const auto info = decodeClusterInfo(configMap);
    return info ? info->certificateAuthorityPem : QByteArray();
}

int runSet(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kubestrap::cli::cluster-info",
        "Point kube-public/cluster-info at another API server address (a load balancer, a new "
        "DNS name) or CA, as kubeadm would have written it; the BootstrapSigner signs it again "
        "for every signing token. Made when there is none (then --ca is needed)."));
    const SetFlags flags;
    parser.addOptions({flags.server, flags.ca, flags.dryRun});
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const QUrl url(parser.value(flags.server), QUrl::StrictMode);
    if (!parser.isSet(flags.server) || !url.isValid() || url.scheme() != QLatin1String("https")
        || url.host().isEmpty()) {
        io.err << QCoreApplication::translate(
                      "kubestrap::cli::cluster-info",
                      "error: --server needs the https:// URL of the API server ('%1' is not "
                      "one)\n")
                      .arg(parser.value(flags.server));
        return UsageError;
    }
    QByteArray authority;
    if (parser.isSet(flags.ca)) {
        const auto read = readCertificateAuthority(parser.value(flags.ca), io);
        if (!read)
            return Failure;
        authority = *read;
    }
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    const auto current = waitFor(
        [&](ApiClient::Callback done) { session->client->get(paths::clusterInfo(), done); });
    const bool missing = !current && current.error().detail == QLatin1String("NotFound");
    if (!current && !missing) {
        io.err << QCoreApplication::translate("kubestrap::cli::cluster-info", "error: %1\n")
                      .arg(current.error().message);
        return Failure;
    }
    if (authority.isEmpty())
        authority = missing ? QByteArray() : caOf(*current);
    if (authority.isEmpty()) {
        io.err << QCoreApplication::translate(
            "kubestrap::cli::cluster-info",
            "error: cluster-info holds no CA to keep: give the cluster's CA with --ca\n");
        return UsageError;
    }
    const QByteArray kubeconfig = clusterInfoKubeconfig(url.toString(), authority);
    const auto write =
        parser.isSet(flags.dryRun) ? ApiClient::Write::DryRun : ApiClient::Write::Apply;
    const Result<QJsonObject> written = writeClusterInfo(
        *session->client, clusterInfoConfigMap(kubeconfig), missing ? nullptr : &*current, write);
    if (!written) {
        io.err << QCoreApplication::translate("kubestrap::cli::cluster-info", "error: %1\n")
                      .arg(written.error().detail == QLatin1String("Conflict")
                               ? QCoreApplication::translate(
                                   "kubestrap::cli::cluster-info",
                                   "cluster-info changed while it was being set; nothing was "
                                   "written, run the command again")
                               : written.error().message);
        return Failure;
    }
    io.out << (parser.isSet(flags.dryRun)
                   ? QCoreApplication::translate("kubestrap::cli::cluster-info",
                                                 "cluster-info would point at %1 (dry run)\n")
                   : QCoreApplication::translate(
                       "kubestrap::cli::cluster-info",
                       "cluster-info points at %1; the BootstrapSigner signs it again for each "
                       "signing token (kubestrap-cli cluster-info verify checks)\n"))
                  .arg(url.toString());
    return Success;
}

} // namespace

Command clusterInfoCommand()
{
    return {
        QStringLiteral("cluster-info"),
        tr("Show, set and verify kube-public/cluster-info"),
        {},
        {{QStringLiteral("show"), tr("Show the server, CA, signers and kubeconfig"), runShow, {}},
         {QStringLiteral("set"),
          QCoreApplication::translate("kubestrap::cli::cluster-info",
                                      "Set the server address (and CA) joining nodes are told of"),
          runSet,
          {}},
         {QStringLiteral("verify"), tr("Check its signatures and CA"), runVerify, {}}}};
}

} // namespace kubestrap::cli
