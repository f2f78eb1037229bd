#include "token_commands.h"

#include "api_paths.h"
#include "bootstrap_cluster.h"
#include "cluster_access.h"
#include "human_duration.h"
#include "join_command.h"
#include "tab_writer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::token", text);
}

QDateTime now()
{
    return QDateTime::currentDateTimeUtc();
}

QString orNone(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("<none>") : text;
}

} // namespace

std::optional<qint64> ttlOption(const QCommandLineParser &parser, const QCommandLineOption &ttl,
                                Io &io)
{
    const auto seconds = parseGoDuration(parser.value(ttl));
    if (!seconds || *seconds < 0) {
        io.err << tr("error: --ttl: %1\n")
                      .arg(seconds ? tr("a token cannot expire in the past")
                                   : seconds.error().message);
        return std::nullopt;
    }
    return *seconds;
}

namespace {

void warnIfForever(qint64 ttl, const QString &id, Io &io)
{
    if (ttl == 0)
        io.err << tr("warning: token %1 never expires (--ttl 0): whoever holds it can join nodes "
                     "until it is deleted\n")
                      .arg(id);
}

QCommandLineOption dryRunOption()
{
    return {QStringLiteral("dry-run"),
            tr("Ask the server to check the change without making it (dryRun=All).")};
}

ApiClient::Write writeMode(const QCommandLineParser &parser)
{
    return parser.isSet(QStringLiteral("dry-run")) ? ApiClient::Write::DryRun
                                                   : ApiClient::Write::Apply;
}

// The token id from an id or a whole token, as kubeadm's delete takes either.
std::optional<QString> tokenId(const QString &given, Io &io)
{
    static const QRegularExpression id(QStringLiteral("^[a-z0-9]{6}$"));
    if (id.match(given).hasMatch())
        return given;
    const auto token = BootstrapToken::parse(given);
    if (!token) {
        io.err << tr("error: '%1' is neither a token id ([a-z0-9]{6}) nor a token: %2\n")
                      .arg(given.left(6), token.error().message);
        return std::nullopt;
    }
    return token->id;
}

int runGenerate(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Print a new random token ([a-z0-9]{6}.[a-z0-9]{16}); nothing is created."));
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const auto token = BootstrapToken::generate(now());
    if (!token) {
        io.err << tr("error: %1\n").arg(token.error().message);
        return Failure;
    }
    io.out << token->token() << QLatin1Char('\n');
    return Success;
}

// `token list -o json`: one object per bootstrap token Secret; a malformed one carries its
// `problem` and only the fields that could be read. The secret half is never in it.
QJsonObject tokenJson(const QJsonObject &secret, const Result<BootstrapToken> &token)
{
    const QString secretName = secret.value(QStringLiteral("metadata"))
                                   .toObject()
                                   .value(QStringLiteral("name"))
                                   .toString();
    if (!token)
        return {{QStringLiteral("secretName"), secretName},
                {QStringLiteral("problem"), token.error().message}};
    return {
        {QStringLiteral("id"), token->id},
        {QStringLiteral("secretName"), secretName},
        {QStringLiteral("expires"), token->expiration
                                        ? QJsonValue(token->expiration->toString(Qt::ISODate))
                                        : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("ttlSeconds"), token->expiration
                                           ? QJsonValue(now().secsTo(*token->expiration))
                                           : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("usages"), QJsonArray::fromStringList(token->usages)},
        {QStringLiteral("description"), token->description},
        {QStringLiteral("groups"), QJsonArray::fromStringList(token->extraGroups)},
    };
}

int runList(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("List the bootstrap tokens in kube-system with kubeadm's columns. Secrets are never "
           "printed; a malformed token Secret is named on standard error with the reason (in "
           "-o json, with its problem)."));
    const QCommandLineOption output = outputOption({QStringLiteral("json")});
    parser.addOption(output);
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    if (!knownOutputFormat(parser.value(output), {QStringLiteral("json")}, io))
        return UsageError;
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    const auto list = waitFor(
        [&](ApiClient::Callback done) { session->client->get(paths::tokenSecretList(), done); });
    if (!list) {
        io.err << tr("error: %1\n").arg(list.error().message);
        return Failure;
    }
    const QJsonArray items = list->value(QStringLiteral("items")).toArray();
    if (parser.isSet(output)) {
        QJsonArray tokens;
        for (const QJsonValue &item : items)
            tokens.append(tokenJson(item.toObject(), BootstrapToken::fromSecret(item.toObject())));
        io.out << QString::fromUtf8(QJsonDocument(tokens).toJson(QJsonDocument::Indented));
        return Success;
    }
    QList<QStringList> rows{{QStringLiteral("TOKEN-ID"), QStringLiteral("TTL"),
                             QStringLiteral("EXPIRES"), QStringLiteral("USAGES"),
                             QStringLiteral("DESCRIPTION"), QStringLiteral("EXTRA GROUPS")}};
    for (const QJsonValue &item : items) {
        const QJsonObject secret = item.toObject();
        const auto token = BootstrapToken::fromSecret(secret);
        if (!token) {
            io.err << tr("bootstrap token Secret %1: %2\n")
                          .arg(secret.value(QStringLiteral("metadata"))
                                   .toObject()
                                   .value(QStringLiteral("name"))
                                   .toString(),
                               token.error().message);
            continue;
        }
        rows << QStringList{token->id,
                            token->expiration ? shortHumanDuration(now().secsTo(*token->expiration))
                                              : QStringLiteral("<forever>"),
                            token->expiration ? token->expiration->toString(Qt::ISODate)
                                              : QStringLiteral("<never>"),
                            orNone(token->usages.join(QLatin1Char(','))),
                            orNone(token->description),
                            orNone(token->extraGroups.join(QLatin1Char(',')))};
    }
    io.out << tabulate(rows);
    return Success;
}

struct CreateFlags {
    QCommandLineOption token{QStringLiteral("token"),
                             tr("The token to create; a new random one by default."),
                             tr("id.secret")};
    QCommandLineOption ttl{QStringLiteral("ttl"),
                           tr("How long until the token expires (Go duration); 0: never."),
                           tr("duration"), QStringLiteral("24h")};
    QCommandLineOption description{QStringLiteral("description"),
                                   tr("What the token is for, for whoever lists it."), tr("text")};
    QCommandLineOption usages{
        QStringLiteral("usages"),
        tr("What the token may be used for: signing (cluster-info), authentication (joining)."),
        tr("list"), QStringLiteral("signing,authentication")};
    QCommandLineOption groups{
        QStringLiteral("groups"),
        tr("Extra groups the token authenticates as, each system:bootstrappers:…"), tr("list"),
        QLatin1String(BootstrapToken::kDefaultGroup)};
    QCommandLineOption printJoin{QStringLiteral("print-join-command"),
                                 tr("Print the kubeadm join command instead of the token.")};
};

// The token the options describe, expiring `seconds` from now (never for 0), or nothing after
// saying what is wrong with them.
std::optional<BootstrapToken> tokenAskedFor(const QCommandLineParser &parser,
                                            const CreateFlags &flags, qint64 seconds, Io &io)
{
    auto token = parser.isSet(flags.token) ? BootstrapToken::parse(parser.value(flags.token))
                                           : BootstrapToken::generate(now());
    if (!token) {
        io.err << tr("error: --token: %1\n").arg(token.error().message);
        return std::nullopt;
    }
    token->expiration = seconds ? std::optional(now().addSecs(seconds)) : std::nullopt;
    token->description = parser.value(flags.description);
    token->usages = parser.value(flags.usages).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &usage : token->usages) {
        if (usage != QLatin1String("signing") && usage != QLatin1String("authentication")) {
            io.err << tr("error: --usages: '%1' is not a usage (signing, authentication)\n")
                          .arg(usage);
            return std::nullopt;
        }
    }
    token->extraGroups = parser.value(flags.groups).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &group : token->extraGroups) {
        if (const QString problem = bootstrapGroupProblem(group); !problem.isEmpty()) {
            io.err << tr("error: --groups: %1\n").arg(problem);
            return std::nullopt;
        }
    }
    return *token;
}

int runCreate(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Create a bootstrap token Secret in kube-system, as kubeadm token create does, and "
           "print the token. Refuses an id that already exists."));
    const CreateFlags flags;
    parser.addOptions({flags.token, flags.ttl, flags.description, flags.usages, flags.groups,
                       flags.printJoin, dryRunOption()});
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const auto seconds = ttlOption(parser, flags.ttl, io);
    if (!seconds)
        return UsageError;
    const auto token = tokenAskedFor(parser, flags, *seconds, io);
    if (!token)
        return UsageError;

    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    std::optional<QString> join;
    if (parser.isSet(flags.printJoin)) {
        ApiClient &client = *session->client;
        const QUrl server = awaitAnswer<QUrl>(
            [&](std::function<void(const QUrl &)> done) { readJoinServer(client, done); });
        const auto command =
            joinCommand(server, token->token(), client.connection().certificateAuthorityPem());
        if (!command) {
            io.err << tr("error: %1\n").arg(command.error().message);
            return Failure;
        }
        join = *command;
    }
    const auto created = waitFor([&](ApiClient::Callback done) {
        session->client->create(paths::tokenSecrets(), token->toSecret(), done, writeMode(parser));
    });
    if (!created) {
        io.err << tr("error: %1\n")
                      .arg(created.error().detail == QLatin1String("AlreadyExists")
                               ? tr("a token with id %1 already exists").arg(token->id)
                               : created.error().message);
        return Failure;
    }
    warnIfForever(*seconds, token->id, io);
    if (parser.isSet(QStringLiteral("dry-run")))
        io.err << tr("dry run: the server accepted token %1; nothing was created\n").arg(token->id);
    io.out << (join ? *join : token->token()) << QLatin1Char('\n');
    return Success;
}

int runDelete(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Delete a bootstrap token, given its id or the token."));
    parser.addOption(dryRunOption());
    if (const auto stop = parseArguments(parser, args, io, {QStringLiteral("id-or-token")}))
        return *stop;
    const auto id = tokenId(parser.positionalArguments().first(), io);
    if (!id)
        return UsageError;
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    const auto deleted = waitFor([&](ApiClient::Callback done) {
        session->client->remove(paths::tokenSecret(*id), done, writeMode(parser));
    });
    if (!deleted) {
        io.err << tr("error: %1\n")
                      .arg(deleted.error().detail == QLatin1String("NotFound")
                               ? tr("there is no bootstrap token %1").arg(*id)
                               : deleted.error().message);
        return Failure;
    }
    io.out << (parser.isSet(QStringLiteral("dry-run"))
                   ? tr("bootstrap token \"%1\" would be deleted (dry run)\n")
                   : tr("bootstrap token \"%1\" deleted\n"))
                  .arg(*id);
    return Success;
}

int runExtend(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Set a token to expire --ttl from now (0: never), keeping everything else. kubeadm "
           "cannot change a token's expiry once it is created."));
    const QCommandLineOption ttl(QStringLiteral("ttl"),
                                 tr("How long from now until the token expires; 0: never."),
                                 tr("duration"));
    parser.addOptions({ttl, dryRunOption()});
    if (const auto stop = parseArguments(parser, args, io, {QStringLiteral("id-or-token")}))
        return *stop;
    if (!parser.isSet(ttl)) {
        io.err << tr("error: say the new lifetime with --ttl (such as 24h; 0: never)\n");
        return UsageError;
    }
    const auto seconds = ttlOption(parser, ttl, io);
    const auto id = tokenId(parser.positionalArguments().first(), io);
    if (!seconds || !id)
        return UsageError;
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    // Read it first: a Secret that is not a token is not ours to change.
    const auto current = waitFor(
        [&](ApiClient::Callback done) { session->client->get(paths::tokenSecret(*id), done); });
    if (!current) {
        io.err << tr("error: %1\n")
                      .arg(current.error().detail == QLatin1String("NotFound")
                               ? tr("there is no bootstrap token %1").arg(*id)
                               : current.error().message);
        return Failure;
    }
    if (const auto token = BootstrapToken::fromSecret(*current); !token) {
        io.err << tr("error: bootstrap token %1 is malformed (%2); delete it and create another\n")
                      .arg(*id, token.error().message);
        return Failure;
    }
    const QDateTime expires = now().addSecs(*seconds);
    const QJsonValue expiration =
        *seconds
            ? QJsonValue(QString::fromLatin1(expires.toString(Qt::ISODate).toUtf8().toBase64()))
            : QJsonValue(QJsonValue::Null); // no expiration key: never expires
    const auto patched = waitFor([&](ApiClient::Callback done) {
        session->client->patch(
            paths::tokenSecret(*id),
            QJsonObject{
                {QStringLiteral("metadata"),
                 QJsonObject{{QStringLiteral("resourceVersion"),
                              current->value(QStringLiteral("metadata"))
                                  .toObject()
                                  .value(QStringLiteral("resourceVersion"))}}},
                {QStringLiteral("data"), QJsonObject{{QStringLiteral("expiration"), expiration}}}},
            done, writeMode(parser));
    });
    if (!patched) {
        io.err << tr("error: %1\n").arg(patched.error().message);
        return Failure;
    }
    warnIfForever(*seconds, *id, io);
    const QString dry = parser.isSet(QStringLiteral("dry-run")) ? tr(" (dry run)") : QString();
    io.out << (*seconds
                   ? tr("bootstrap token \"%1\" now expires %2 (in %3)%4\n")
                         .arg(*id, expires.toString(Qt::ISODate), shortHumanDuration(*seconds), dry)
                   : tr("bootstrap token \"%1\" now never expires%2\n").arg(*id, dry));
    return Success;
}

} // namespace

Command tokenCommand()
{
    return {QStringLiteral("token"),
            tr("Bootstrap tokens: generate, list, create, delete, extend"),
            {},
            {{QStringLiteral("generate"), tr("Print a new random token"), runGenerate, {}},
             {QStringLiteral("list"), tr("List the cluster's bootstrap tokens"), runList, {}},
             {QStringLiteral("create"), tr("Create a bootstrap token"), runCreate, {}},
             {QStringLiteral("delete"), tr("Delete a bootstrap token"), runDelete, {}},
             {QStringLiteral("extend"), tr("Change when a token expires"), runExtend, {}}}};
}

} // namespace kubestrap::cli
