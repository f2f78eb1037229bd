#include "version_command.h"

#include "build_info.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace kubestrap::cli {

namespace {

int runVersion(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("kubestrap::cli", "Print the version of this build."));
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    io.out << buildDescription() << QLatin1Char('\n');
    return Success;
}

} // namespace

Command versionCommand()
{
    return {QStringLiteral("version"),
            QCoreApplication::translate("kubestrap::cli", "Print the version of this build"),
            runVersion,
            {}};
}

} // namespace kubestrap::cli
