#include "kubeconfig_expiry_command.h"

#include "expiry_probe.h"
#include "kubeconfig_access.h"
#include "kubeconfig_expiry.h"
#include "tab_writer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kubestrap::cli {

namespace {

constexpr char kContext[] = "kubestrap::cli::expiry";

QJsonObject toJson(const expiry::Row &row)
{
    return {{QStringLiteral("context"), row.context},
            {QStringLiteral("cluster"), row.cluster},
            {QStringLiteral("user"), row.user},
            {QStringLiteral("kind"), expiry::kindName(row.kind)},
            {QStringLiteral("subject"), row.subject},
            {QStringLiteral("notAfter"), expiry::rfc3339(row.notAfter)},
            {QStringLiteral("source"), row.source}};
}

// Every context's cluster, asked at once; a context that cannot connect at all (no server, a
// credential that cannot be read) is said on standard error.
void addProbed(const LoadedKubeconfig &loaded, std::vector<expiry::Row> &rows, Io &io,
               std::chrono::milliseconds timeout)
{
    QEventLoop loop;
    bool answered = false;
    probeContexts(
        loaded.merged, timeout, [](const KubeconfigUser *) { return true; },
        [&](std::vector<expiry::Row> found, std::vector<Unprobed> unprobed) {
            for (const Unprobed &context : unprobed)
                io.err << QCoreApplication::translate(kContext,
                                                      "warning: context %1 not probed: %2\n")
                              .arg(context.context, context.why);
            rows.insert(rows.end(), found.begin(), found.end());
            expiry::sortBySoonest(rows);
            answered = true;
            loop.quit();
        });
    if (!answered)
        loop.exec();
}

int runExpiry(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        kContext,
        "List what expires in every context of the merged kubeconfig, soonest first: client "
        "certificates, every certificate of each cluster's CA bundle, and tokens that are JWTs "
        "(service-account and OIDC id-tokens). Reads only the kubeconfig and the files it names."));
    const QCommandLineOption output =
        outputOption({QStringLiteral("table"), QStringLiteral("json")}, true);
    const QCommandLineOption probe(
        QStringLiteral("probe"),
        QCoreApplication::translate(
            kContext, "Also ask each context's cluster, for at most 5 seconds: the API server's "
                      "serving certificate, its bootstrap tokens' expirations (where the "
                      "credential may list them), and the certificates issued for the "
                      "requests the context's user made."));
    parser.addOptions({output, probe});
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const QString format = parser.value(output);
    if (!knownOutputFormat(format, {QStringLiteral("table"), QStringLiteral("json")}, io))
        return UsageError;
    const auto loaded = loadForCommand(io);
    if (!loaded)
        return Failure;
    std::vector<expiry::Row> rows = expiry::rowsOf(loaded->merged);
    if (parser.isSet(probe))
        addProbed(*loaded, rows, io, std::chrono::seconds(5));
    if (format == QLatin1String("json")) {
        QJsonArray items;
        for (const expiry::Row &row : rows)
            items.append(toJson(row));
        io.out << QString::fromUtf8(QJsonDocument(items).toJson(QJsonDocument::Indented));
        return Success;
    }
    if (rows.empty()) {
        io.err << QCoreApplication::translate(kContext,
                                              "No context holds anything that expires.\n");
        return Success;
    }
    // Column titles as kubectl's: upper case, machine-matchable, not translated.
    QList<QStringList> table{{QStringLiteral("CONTEXT"), QStringLiteral("KIND"),
                              QStringLiteral("SUBJECT"), QStringLiteral("NOT AFTER"),
                              QStringLiteral("LEFT"), QStringLiteral("SOURCE")}};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const expiry::Row &row : rows)
        table << QStringList{row.context,
                             expiry::kindName(row.kind),
                             row.subject.isEmpty() ? QStringLiteral("<none>") : row.subject,
                             expiry::rfc3339(row.notAfter),
                             expiry::timeLeft(row.notAfter, now),
                             row.source};
    io.out << tabulate(table);
    return Success;
}

} // namespace

Command expiryCommand()
{
    return {
        QStringLiteral("expiry"),
        QCoreApplication::translate(kContext, "List what expires in every context, soonest first"),
        runExpiry,
        {}};
}

} // namespace kubestrap::cli
