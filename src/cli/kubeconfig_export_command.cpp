#include "kubeconfig_export_command.h"

#include "atomic_file.h"
#include "certificate_risks.h"
#include "cluster_access.h"
#include "credential_issuer.h"
#include "human_duration.h"
#include "kubeconfig_access.h"
#include "kubeconfig_export.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::kubeconfig", text);
}

struct CredentialOptions {
    QCommandLineOption mode{QStringLiteral("credential"),
                            tr("keep (the context's own, embedded; the default), bootstrap-token, "
                               "client-cert or service-account."),
                            tr("kind"), QStringLiteral("keep")};
    QCommandLineOption token{QStringLiteral("token"),
                             tr("bootstrap-token: this token (created if the cluster lacks it); "
                                "a new one otherwise."),
                             tr("token")};
    QCommandLineOption commonName{
        QStringLiteral("cn"), tr("client-cert: the user name the certificate names."), tr("name")};
    QCommandLineOption group{QStringLiteral("group"),
                             tr("client-cert: a group the certificate names (repeatable)."),
                             tr("group")};
    QCommandLineOption keyType{QStringLiteral("key-type"),
                               tr("client-cert: ecdsa-p256 (default), rsa-2048 or rsa-4096."),
                               tr("type"), QStringLiteral("ecdsa-p256")};
    QCommandLineOption wait{QStringLiteral("wait"),
                            tr("client-cert: how long to wait for the certificate, an approval "
                               "by someone else included (default 60s)."),
                            tr("duration")};
    QCommandLineOption expiration{QStringLiteral("expiration"),
                                  tr("How long the new credential lasts (24h, 90m, …; a "
                                     "client certificate's default is 24h)."),
                                  tr("duration")};
    QCommandLineOption allowPrivilegedGroups{
        QStringLiteral("allow-privileged-groups"),
        tr("client-cert: allow a group that bypasses RBAC (system:masters), for a certificate "
           "that cannot be revoked.")};
    QCommandLineOption serviceAccount{QStringLiteral("service-account"),
                                      tr("service-account: its name (in --namespace)."),
                                      tr("name")};
    QCommandLineOption create{QStringLiteral("create"),
                              tr("service-account: create it if it does not exist.")};
    QCommandLineOption bindClusterRole{
        QStringLiteral("bind-clusterrole"),
        tr("service-account: bind it to this ClusterRole, cluster-wide."), tr("role")};
    QCommandLineOption bindRole{QStringLiteral("bind-role"),
                                tr("service-account: bind it to this Role of its namespace."),
                                tr("role")};
};

// The first option given that the chosen --credential does not take, said as a problem.
QString misplacedOption(const QCommandLineParser &parser, const CredentialOptions &o)
{
    const QString mode = parser.value(o.mode);
    for (const auto &[option, allowed] : {std::pair{&o.token, "bootstrap-token"},
                                          {&o.commonName, "client-cert"},
                                          {&o.group, "client-cert"},
                                          {&o.allowPrivilegedGroups, "client-cert"},
                                          {&o.keyType, "client-cert"},
                                          {&o.wait, "client-cert"},
                                          {&o.serviceAccount, "service-account"},
                                          {&o.create, "service-account"},
                                          {&o.bindClusterRole, "service-account"},
                                          {&o.bindRole, "service-account"}}) {
        if (parser.isSet(*option) && mode != QLatin1String(allowed))
            return tr("--%1 is for --credential %2")
                .arg(option->names().first(), QLatin1String(allowed));
    }
    return {};
}

Result<CredentialRequest> bootstrapTokenRequest(const QCommandLineParser &parser,
                                                const CredentialOptions &o,
                                                CredentialRequest request)
{
    request.kind = CredentialRequest::Kind::BootstrapToken;
    if (parser.isSet(o.token)) {
        auto token = BootstrapToken::parse(parser.value(o.token));
        if (!token)
            return unexpected(token.error());
        token->usages = {QStringLiteral("authentication"), QStringLiteral("signing")};
        token->extraGroups = {QLatin1String(BootstrapToken::kDefaultGroup)};
        token->expiration = QDateTime::currentDateTimeUtc().addSecs(
            request.expiration.count() ? request.expiration.count() : 24 * 3600);
        request.token = *token;
    }
    return request;
}

Result<CredentialRequest> clientCertificateRequest(const QCommandLineParser &parser,
                                                   const CredentialOptions &o,
                                                   CredentialRequest request)
{
    request.kind = CredentialRequest::Kind::ClientCertificate;
    request.commonName = parser.value(o.commonName);
    if (request.commonName.isEmpty())
        return fail(tr("--credential client-cert needs --cn NAME, the user it names"));
    request.groups = parser.values(o.group);
    if (const QStringList privileged = groupsThatBypassRbac(request.groups);
        !privileged.isEmpty() && !parser.isSet(o.allowPrivilegedGroups))
        return fail(tr("%1. Pass --allow-privileged-groups if that is what you want.")
                        .arg(privilegedGroupsWarning(privileged)));
    if (parser.isSet(o.wait)) {
        const auto seconds = parseGoDuration(parser.value(o.wait));
        if (!seconds || *seconds <= 0)
            return fail(
                tr("--wait: '%1' is not a duration such as 60s or 5m").arg(parser.value(o.wait)));
        request.issueTimeout = std::chrono::seconds(*seconds);
    }
    const QString key = parser.value(o.keyType);
    if (key == QLatin1String("rsa-2048"))
        request.keyType = x509::KeyType::Rsa2048;
    else if (key == QLatin1String("rsa-4096"))
        request.keyType = x509::KeyType::Rsa4096;
    else if (key != QLatin1String("ecdsa-p256"))
        return fail(tr("--key-type is ecdsa-p256, rsa-2048 or rsa-4096, not '%1'").arg(key));
    return request;
}

Result<CredentialRequest> serviceAccountRequest(const QCommandLineParser &parser,
                                                const CredentialOptions &o,
                                                const QString &namespaceName,
                                                CredentialRequest request)
{
    request.kind = CredentialRequest::Kind::ServiceAccount;
    request.serviceAccount = parser.value(o.serviceAccount);
    request.namespaceName = namespaceName;
    if (request.serviceAccount.isEmpty() || namespaceName.isEmpty())
        return fail(tr("--credential service-account needs --namespace NS and "
                       "--service-account NAME"));
    request.createServiceAccount = parser.isSet(o.create);
    request.bindClusterRole = parser.value(o.bindClusterRole);
    request.bindRole = parser.value(o.bindRole);
    if (parser.isSet(o.bindClusterRole) && parser.isSet(o.bindRole))
        return fail(tr("bind to a ClusterRole or to a Role, not both"));
    return request;
}

// The credential the options ask for (none for keep), or why they do not make sense together.
Result<std::optional<CredentialRequest>> credentialRequest(const QCommandLineParser &parser,
                                                           const CredentialOptions &o,
                                                           const QString &namespaceName)
{
    if (const QString problem = misplacedOption(parser, o); !problem.isEmpty())
        return fail(problem);
    const QString mode = parser.value(o.mode);
    if (mode == QLatin1String("keep")) {
        if (parser.isSet(o.expiration))
            return fail(tr("--expiration needs a new credential (--credential …)"));
        return std::optional<CredentialRequest>();
    }
    CredentialRequest request;
    if (parser.isSet(o.expiration)) {
        const auto seconds = parseGoDuration(parser.value(o.expiration));
        if (!seconds || *seconds <= 0)
            return fail(tr("--expiration: '%1' is not a duration such as 24h or 90m")
                            .arg(parser.value(o.expiration)));
        request.expiration = std::chrono::seconds(*seconds);
    }
    Result<CredentialRequest> made =
        mode == QLatin1String("bootstrap-token") ? bootstrapTokenRequest(parser, o, request)
        : mode == QLatin1String("client-cert")   ? clientCertificateRequest(parser, o, request)
        : mode == QLatin1String("service-account")
            ? serviceAccountRequest(parser, o, namespaceName, request)
            : Result<CredentialRequest>(fail(tr("--credential is keep, bootstrap-token, "
                                                "client-cert or service-account, not '%1'")
                                                 .arg(mode)));
    if (!made)
        return unexpected(made.error());
    return std::optional<CredentialRequest>(*made);
}

// Asks the cluster for the credential, saying what happens on standard error.
Result<IssuedCredential> issue(CredentialIssuer &issuer, Io &io)
{
    QObject::connect(&issuer, &CredentialIssuer::progress,
                     [&io](const QString &step) { io.err << step << "…\n"; });
    return awaitAnswer<Result<IssuedCredential>>(
        [&](auto done) { issuer.start([done](const Result<IssuedCredential> &r) { done(r); }); });
}

QString describe(const IssuedCredential &credential)
{
    QString text = tr("as %1").arg(credential.identity);
    if (!credential.groups.isEmpty())
        text += tr(" (groups %1)").arg(credential.groups.join(QStringLiteral(", ")));
    if (credential.expires)
        text += tr(", until %1").arg(credential.expires->toUTC().toString(Qt::ISODate));
    return text;
}

struct ExportFlags {
    QCommandLineOption out{QStringLiteral("out"), tr("The file to write; - for standard output."),
                           tr("file")};
    QCommandLineOption rename{QStringLiteral("rename"), tr("The context's name in the new file."),
                              tr("name")};
    QCommandLineOption namespaceName{
        QStringLiteral("namespace"),
        tr("The context's default namespace in the new file (and the service account's)."),
        tr("namespace")};
    QCommandLineOption server{QStringLiteral("server"),
                              tr("The API server URL as the recipient reaches it."), tr("url")};
    QCommandLineOption force{QStringLiteral("force"),
                             tr("Replace the file if it exists (a backup is kept).")};
    CredentialOptions credential;

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({out, rename, namespaceName, server, force, credential.mode,
                           credential.token, credential.commonName, credential.group,
                           credential.keyType, credential.wait, credential.expiration,
                           credential.allowPrivilegedGroups, credential.serviceAccount,
                           credential.create, credential.bindClusterRole, credential.bindRole});
    }
};

// Where the exported context comes from: the kubeconfig as loaded and, when a new credential was
// asked for, the connection and issuer that made it, to give it back if the file is not written.
struct ExportSource {
    std::optional<LoadedKubeconfig> loaded;
    std::optional<CommandConnection> cluster;
    std::unique_ptr<CredentialIssuer> issuer;
    std::optional<IssuedCredential> issued;

    // Loads the kubeconfig and makes the credential `request` asks for, putting it in `options`.
    bool prepare(const std::optional<CredentialRequest> &request, ExportOptions &options, Io &io)
    {
        if (!request) {
            loaded = loadForCommand(io);
            return loaded.has_value();
        }
        cluster = connectForCommand(io);
        if (!cluster)
            return false;
        options.context = cluster->context;
        issuer = std::make_unique<CredentialIssuer>(cluster->client.get(), *request);
        auto credential = issue(*issuer, io);
        if (!credential) {
            io.err << tr("error: %1\n").arg(credential.error().message);
            return false;
        }
        issued = *credential;
        for (const QString &note : issued->notes)
            io.err << tr("note: %1\n").arg(note);
        options.credential = ExportCredential{issued->userName, issued->token, issued->certificate,
                                              issued->privateKey};
        loaded = std::move(cluster->loaded);
        return true;
    }

    // Deletes what was made for a file that was not written.
    void giveBack(Io &io)
    {
        if (!issuer)
            return;
        const QString left = awaitAnswer<QString>(
            [&](auto done) { issuer->undo([done](const QString &l) { done(l); }); });
        if (!left.isEmpty())
            io.err << tr("error: %1\n").arg(left);
    }
};

int runExport(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Write one context as a kubeconfig that stands alone: only what the context uses, "
           "every certificate and key embedded, mode 0600. The current context unless --context. "
           "With --credential, the file holds a new credential made on the cluster instead of "
           "yours."));
    const ExportFlags flags;
    flags.addTo(parser);
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    if (!parser.isSet(flags.out)) {
        io.err << tr(
            "error: say where to write with --out FILE (or --out - for standard output)\n");
        return UsageError;
    }
    auto request = credentialRequest(parser, flags.credential, parser.value(flags.namespaceName));
    if (!request) {
        io.err << tr("error: %1\n").arg(request.error().message);
        return UsageError;
    }
    if (*request && (*request)->kind == CredentialRequest::Kind::ClientCertificate) {
        const bool defaulted = applyDefaultLifetime(**request);
        io.err << tr("note: %1\n").arg(lifetimeNote(**request, defaulted));
    }
    const QString target = parser.value(flags.out);
    const bool toFile = target != QLatin1String("-");
    // Refused before the cluster is touched: nothing is made for a file that cannot be written.
    if (toFile && !parser.isSet(flags.force) && QFileInfo::exists(target)) {
        io.err << tr("error: %1 exists (--force replaces it)\n").arg(target);
        return Failure;
    }
    ExportOptions options{io.globals.context, parser.value(flags.rename),
                          parser.value(flags.namespaceName), parser.value(flags.server),
                          std::nullopt};
    ExportSource source;
    if (!source.prepare(*request, options, io))
        return Failure;
    const auto exported = exportKubeconfig(source.loaded->merged, options);
    if (!exported) {
        io.err << tr("error: %1\n").arg(exported.error().message);
        source.giveBack(io);
        return Failure;
    }
    for (const QString &note : exported->notes)
        io.err << tr("note: %1\n").arg(note);
    if (!toFile) {
        io.out << QString::fromUtf8(exported->yaml);
        return Success;
    }
    FileWriteOptions fileOptions;
    fileOptions.replaceExisting = parser.isSet(flags.force);
    const auto written = writeFileAtomically(target, exported->yaml, fileOptions);
    if (!written) {
        io.err << tr("error: %1%2\n")
                      .arg(written.error().message,
                           parser.isSet(flags.force) ? QString() : tr(" (--force replaces it)"));
        source.giveBack(io);
        return Failure;
    }
    io.err << tr("wrote context \"%1\" to %2 (mode 0600)%3\n")
                  .arg(exported->config.currentContext, written->path,
                       source.issued ? QLatin1Char(' ') + describe(*source.issued) : QString());
    return Success;
}

} // namespace

Command exportCommand()
{
    return {QStringLiteral("export"),
            tr("Write one context as a standalone kubeconfig"),
            runExport,
            {}};
}

} // namespace kubestrap::cli
