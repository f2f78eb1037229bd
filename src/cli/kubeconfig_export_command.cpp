#include "kubeconfig_export_command.h"

#include "atomic_file.h"
#include "kubeconfig_access.h"
#include "kubeconfig_export.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::kubeconfig", text);
}

int runExport(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Write one context as a kubeconfig that stands alone: only what the context uses, "
           "every certificate and key embedded, mode 0600. The current context unless --context."));
    const QCommandLineOption out(QStringLiteral("out"),
                                 tr("The file to write; - for standard output."), tr("file"));
    const QCommandLineOption rename(QStringLiteral("rename"),
                                    tr("The context's name in the new file."), tr("name"));
    const QCommandLineOption namespaceName(QStringLiteral("namespace"),
                                           tr("The context's default namespace in the new file."),
                                           tr("namespace"));
    const QCommandLineOption server(
        QStringLiteral("server"), tr("The API server URL as the recipient reaches it."), tr("url"));
    const QCommandLineOption force(QStringLiteral("force"),
                                   tr("Replace the file if it exists (a backup is kept)."));
    parser.addOptions({out, rename, namespaceName, server, force});
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    if (!parser.isSet(out)) {
        io.err << tr(
            "error: say where to write with --out FILE (or --out - for standard output)\n");
        return UsageError;
    }
    const auto loaded = loadForCommand(io);
    if (!loaded)
        return Failure;
    const auto exported =
        exportKubeconfig(loaded->merged, {io.globals.context, parser.value(rename),
                                          parser.value(namespaceName), parser.value(server)});
    if (!exported) {
        io.err << tr("error: %1\n").arg(exported.error().message);
        return Failure;
    }
    for (const QString &note : exported->notes)
        io.err << tr("note: %1\n").arg(note);
    if (parser.value(out) == QLatin1String("-")) {
        io.out << QString::fromUtf8(exported->yaml);
        return Success;
    }
    FileWriteOptions options;
    options.replaceExisting = parser.isSet(force);
    const auto written = writeFileAtomically(parser.value(out), exported->yaml, options);
    if (!written) {
        io.err << tr("error: %1%2\n")
                      .arg(written.error().message,
                           parser.isSet(force) ? QString() : tr(" (--force replaces it)"));
        return Failure;
    }
    io.err << tr("wrote context \"%1\" to %2 (mode 0600)\n")
                  .arg(exported->config.currentContext, written->path);
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
