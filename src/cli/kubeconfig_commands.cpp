#include "kubeconfig_commands.h"

#include "json_writer.h"
#include "kubeconfig_access.h"
#include "kubeconfig_edit_commands.h"
#include "kubeconfig_expiry_command.h"
#include "kubeconfig_export_command.h"
#include "kubeconfig_lint_command.h"
#include "kubeconfig_view.h"
#include "yaml_writer.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::kubeconfig", text);
}

int runView(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Print the merged kubeconfig as `kubectl config view` does: secrets redacted unless "
           "--raw, every list sorted by name."));
    const QCommandLineOption minify(
        QStringLiteral("minify"),
        tr("Keep only the current context (or --context) and what it uses."));
    const QCommandLineOption flatten(
        QStringLiteral("flatten"),
        tr("Embed referenced certificate and key files; implies --raw."));
    const QCommandLineOption raw(QStringLiteral("raw"),
                                 tr("Show certificate data, tokens and passwords."));
    const QCommandLineOption output =
        outputOption({QStringLiteral("yaml"), QStringLiteral("json")}, true);
    parser.addOptions({minify, flatten, raw, output});
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const QString format = parser.value(output);
    if (!knownOutputFormat(format, {QStringLiteral("yaml"), QStringLiteral("json")}, io))
        return UsageError;

    const auto loaded = loadForCommand(io);
    if (!loaded)
        return Failure;
    const ViewOptions options{parser.isSet(minify), parser.isSet(flatten), parser.isSet(raw),
                              io.globals.context};
    const auto viewed = viewKubeconfig(loaded->merged, options);
    if (!viewed) {
        io.err << tr("error: %1\n").arg(viewed.error().message);
        return Failure;
    }
    YamlValue value = kubeconfigToValue(*viewed);
    if (format == QLatin1String("json")) {
        io.out << QString::fromUtf8(writeJson(value));
        return Success;
    }
    sortKeysLikeKubectl(value);
    const auto yaml = writeYaml(value);
    if (!yaml) {
        io.err << tr("error: %1\n").arg(yaml.error().message);
        return Failure;
    }
    io.out << QString::fromUtf8(*yaml);
    return Success;
}

int runContexts(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("List the merged kubeconfig's contexts, one per line; '*' marks the current one."));
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const auto loaded = loadForCommand(io);
    if (!loaded)
        return Failure;
    const QString current =
        io.globals.context.isEmpty() ? loaded->merged.currentContext : io.globals.context;
    for (const auto &[name, context] : loaded->merged.contexts)
        io.out << (name == current ? QStringLiteral("* ") : QStringLiteral("  ")) << name << '\n';
    return Success;
}

int runCurrentContext(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Print the current context's name."));
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const auto loaded = loadForCommand(io);
    if (!loaded)
        return Failure;
    if (loaded->merged.currentContext.isEmpty()) {
        io.err << tr("error: current-context is not set\n");
        return Failure;
    }
    io.out << loaded->merged.currentContext << '\n';
    return Success;
}

} // namespace

Command kubeconfigCommand()
{
    Command group{QStringLiteral("kubeconfig"),
                  tr("Read, change and export kubeconfig files exactly as kubectl reads them"),
                  {},
                  {{QStringLiteral("view"),
                    tr("Print the merged kubeconfig (kubectl config view)"),
                    runView,
                    {}},
                   {QStringLiteral("contexts"),
                    tr("List the contexts, marking the current one"),
                    runContexts,
                    {}},
                   {QStringLiteral("current-context"),
                    tr("Print the current context"),
                    runCurrentContext,
                    {}},
                   exportCommand(),
                   expiryCommand(),
                   lintCommand()}};
    for (Command &edit : kubeconfigEditCommands())
        group.children.push_back(std::move(edit));
    return group;
}

} // namespace kubestrap::cli
