#include "whoami_command.h"

#include "api_client.h"
#include "kubeconfig_access.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>

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
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const auto loaded = loadForCommand(io);
    if (!loaded)
        return Failure;
    const auto chosen = chosenContext(*loaded, io);
    if (!chosen)
        return Failure;
    const QString &context = *chosen;
    auto connection = ClusterConnection::fromKubeconfig(loaded->merged, context);
    if (!connection) {
        io.err << tr("error: %1\n").arg(connection.error().message);
        return Failure;
    }
    if (connection->skipsTlsVerification())
        io.err << tr("warning: context '%1' does not verify the server's certificate "
                     "(insecure-skip-tls-verify)\n")
                      .arg(context);
    ApiClient client(*connection);
    const auto review = waitFor([&](ApiClient::Callback done) {
        client.create(
            QStringLiteral("/apis/authentication.k8s.io/v1/selfsubjectreviews"),
            QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("authentication.k8s.io/v1")},
                        {QStringLiteral("kind"), QStringLiteral("SelfSubjectReview")}},
            done);
    });
    if (!review && review.error().detail != QLatin1String("NotFound")) {
        io.err << tr("error: %1\n").arg(review.error().message);
        return Failure;
    }
    const auto version =
        waitFor([&](ApiClient::Callback done) { client.get(QStringLiteral("/version"), done); });

    const QJsonObject user = review ? review->value(QStringLiteral("status"))
                                          .toObject()
                                          .value(QStringLiteral("userInfo"))
                                          .toObject()
                                    : QJsonObject();
    QStringList groups;
    for (const QJsonValue &group : user.value(QStringLiteral("groups")).toArray())
        groups << group.toString();
    io.out << tr("Context   %1\n").arg(context);
    io.out << tr("Username  %1\n")
                  .arg(review ? user.value(QStringLiteral("username")).toString()
                              : tr("(unknown: the server has no SelfSubjectReview API)"));
    io.out << tr("Groups    %1\n").arg(groups.join(QStringLiteral(", ")));
    io.out << tr("Server    %1 (%2)\n")
                  .arg(connection->server().toString(),
                       version ? version->value(QStringLiteral("gitVersion")).toString()
                               : version.error().message);
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
