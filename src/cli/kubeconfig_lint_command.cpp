#include "kubeconfig_lint_command.h"

#include "kubeconfig_access.h"
#include "kubeconfig_lint.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace kubestrap::cli {

namespace {

constexpr char kContext[] = "kubestrap::cli::lint";

QJsonObject toJson(const lint::Finding &finding)
{
    return {{QStringLiteral("severity"), lint::severityName(finding.severity)},
            {QStringLiteral("check"), finding.check},
            {QStringLiteral("file"), finding.file},
            {QStringLiteral("entry"), finding.entry},
            {QStringLiteral("problem"), finding.problem},
            {QStringLiteral("fix"), finding.fix}};
}

int runLint(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        kContext,
        "Check the kubeconfig files kubectl would read: contexts naming clusters or users that "
        "are not there, entries an earlier file shadows, insecure-skip-tls-verify, basic-auth "
        "passwords, secrets and key files others may read, exec plugins not on PATH, expired "
        "credentials, one server under two names. Exit 1 when there is an error, 0 when there "
        "are only warnings or nothing."));
    const QCommandLineOption output =
        outputOption({QStringLiteral("text"), QStringLiteral("json")}, true);
    parser.addOption(output);
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const QString format = parser.value(output);
    if (!knownOutputFormat(format, {QStringLiteral("text"), QStringLiteral("json")}, io))
        return UsageError;
    const auto loaded = loadForCommand(io);
    if (!loaded)
        return Failure;
    const std::vector<lint::Finding> findings = lint::lint(*loaded, lint::systemEnvironment());
    if (format == QLatin1String("json")) {
        QJsonArray items;
        for (const lint::Finding &finding : findings)
            items.append(toJson(finding));
        io.out << QString::fromUtf8(QJsonDocument(items).toJson(QJsonDocument::Indented));
    } else if (findings.empty()) {
        io.err << QCoreApplication::translate(kContext, "No problems found.\n");
    } else {
        for (const lint::Finding &finding : findings) {
            const QString where = finding.entry.isEmpty()
                                      ? finding.file
                                      : QStringLiteral("%1 %2").arg(finding.file, finding.entry);
            io.out << (finding.severity == lint::Severity::Error
                           ? QCoreApplication::translate(kContext, "error: %1: %2\n")
                           : QCoreApplication::translate(kContext, "warning: %1: %2\n"))
                          .arg(where, finding.problem)
                   << QCoreApplication::translate(kContext, "  fix: %1\n").arg(finding.fix);
        }
    }
    return lint::hasErrors(findings) ? Failure : Success;
}

} // namespace

Command lintCommand()
{
    return {QStringLiteral("lint"),
            QCoreApplication::translate(kContext,
                                        "Find what is wrong or unsafe in the kubeconfig files"),
            runLint,
            {}};
}

} // namespace kubestrap::cli
