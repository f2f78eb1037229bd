#include "whoami_command.h"

#include "api_client.h"
#include "cluster_access.h"
#include "discovery.h"
#include "identity.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::whoami", text);
}

int runWhoami(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Show who the current context (or --context) authenticates as, and the server."));
    const QCommandLineOption output = outputOption({QStringLiteral("json")});
    parser.addOption(output);
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    if (!knownOutputFormat(parser.value(output), {QStringLiteral("json")}, io))
        return UsageError;
    const bool json = parser.isSet(output);
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    ApiClient &client = *session->client;
    const QString &context = session->context;
    const auto identity = awaitAnswer<Result<Identity>>(
        [&](std::function<void(const Result<Identity> &)> done) { findIdentity(client, done); });
    if (!identity) {
        io.err << tr("error: %1\n").arg(identity.error().message);
        return Failure;
    }
    const Identity &who = *identity;
    const auto server =
        awaitAnswer<Result<ServerApis>>([&](std::function<void(const Result<ServerApis> &)> done) {
            discoverServerApis(client, done);
        });

    if (json) {
        QJsonObject extra;
        for (auto it = who.extra.begin(); it != who.extra.end(); ++it)
            extra.insert(it.key(), QJsonArray::fromStringList(it.value()));
        QJsonArray missing;
        if (server) {
            for (const auto &[groupVersion, needs] : server->missing)
                missing.append(QJsonObject{{QStringLiteral("groupVersion"), groupVersion},
                                           {QStringLiteral("needs"), needs}});
        }
        io.out << QString::fromUtf8(
            QJsonDocument(
                QJsonObject{{QStringLiteral("context"), context},
                            {QStringLiteral("username"), who.username},
                            {QStringLiteral("uid"), who.uid},
                            {QStringLiteral("groups"), QJsonArray::fromStringList(who.groups)},
                            {QStringLiteral("extra"), extra},
                            {QStringLiteral("fromSelfSubjectReview"), who.fromSelfSubjectReview()},
                            {QStringLiteral("server"), client.connection().server().toString()},
                            {QStringLiteral("serverVersion"),
                             server ? QJsonValue(server->gitVersion) : QJsonValue()},
                            {QStringLiteral("missingApis"), missing}})
                .toJson(QJsonDocument::Indented));
        return Success;
    }
    io.out << tr("Context   %1\n").arg(context);
    if (who.fromSelfSubjectReview()) {
        io.out << tr("Username  %1\n").arg(who.username);
        if (!who.uid.isEmpty())
            io.out << tr("UID       %1\n").arg(who.uid);
    } else {
        io.out << tr("Username  %1 (from %2; the server has no SelfSubjectReview API)\n")
                      .arg(who.username.isEmpty() ? tr("unknown") : who.username, who.claimedFrom);
    }
    io.out << tr("Groups    %1\n").arg(who.groups.join(QStringLiteral(", ")));
    for (auto it = who.extra.begin(); it != who.extra.end(); ++it)
        io.out << tr("Extra     %1=%2\n").arg(it.key(), it.value().join(QLatin1Char(',')));
    if (who.ruleCount)
        io.out << tr("Rules     %1 in namespace default%2 (SelfSubjectRulesReview)\n")
                      .arg(*who.ruleCount)
                      .arg(who.rulesIncomplete ? tr(", incomplete") : QString());
    io.out << tr("Server    %1 (%2)\n")
                  .arg(client.connection().server().toString(),
                       server ? server->gitVersion : server.error().message);
    if (server) {
        for (const auto &[groupVersion, needs] : server->missing)
            io.out << tr("Missing   %1: no %2\n").arg(groupVersion, needs);
    }
    return Success;
}

} // namespace

Command whoamiCommand()
{
    return {QStringLiteral("whoami"),
            tr("Show the user, groups and server of the current context"),
            runWhoami,
            {}};
}

} // namespace kubestrap::cli
