#include "command.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <algorithm>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::Command", text);
}

// QCommandLineParser names the executable in its usage line; a subcommand wants its full name.
QString leafHelpText(const QCommandLineParser &parser, const QString &fullName)
{
    QString text = parser.helpText();
    const QStringList appArgs = QCoreApplication::arguments();
    if (!appArgs.isEmpty()) {
        const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'));
        text.replace(text.left(lineEnd).indexOf(appArgs.first()), appArgs.first().size(), fullName);
    }
    return text;
}

} // namespace

QString Command::helpText(const QString &fullName) const
{
    QString text = tr("Usage: %1 <command> [options]\n\n%2\n\nCommands:\n").arg(fullName, summary);
    qsizetype width = 0;
    for (const Command &child : children)
        width = std::max(width, child.name.size());
    for (const Command &child : children)
        text += QStringLiteral("  %1  %2\n").arg(child.name.leftJustified(width), child.summary);
    text += tr("\nRun '%1 <command> --help' for a command's options.\n").arg(fullName);
    return text;
}

int Command::dispatch(const QStringList &args, Io &io) const
{
    if (run)
        return run(args, io);

    QStringList rest = args;
    if (const QString error = takeGlobalOptions(rest, io.globals); !error.isEmpty()) {
        io.err << QStringLiteral("%1: %2\n").arg(args.value(0), error);
        return UsageError;
    }
    const QString fullName = rest.value(0);
    const QString childName = rest.value(1);
    if (childName == QLatin1String("--help") || childName == QLatin1String("-h")) {
        io.out << helpText(fullName);
        return Success;
    }
    const auto child = std::find_if(children.begin(), children.end(),
                                    [&](const Command &c) { return c.name == childName; });
    if (child == children.end()) {
        if (!childName.isEmpty())
            io.err << tr("%1: unknown command '%2'\n").arg(fullName, childName);
        io.err << helpText(fullName);
        return UsageError;
    }
    QStringList childArgs = rest.mid(2);
    childArgs.prepend(fullName + QLatin1Char(' ') + child->name);
    return child->dispatch(childArgs, io);
}

QString takeGlobalOptions(QStringList &args, GlobalOptions &globals)
{
    const std::pair<QString, QString *> options[] = {
        {QStringLiteral("--kubeconfig"), &globals.kubeconfig},
        {QStringLiteral("--context"), &globals.context},
        {QStringLiteral("--request-timeout"), &globals.requestTimeout}};
    for (bool matched = true; matched && args.size() > 1;) {
        matched = false;
        const QString arg = args.at(1);
        for (const auto &[name, target] : options) {
            if (arg == name) {
                if (args.size() < 3)
                    return tr("%1 needs a value").arg(name);
                *target = args.at(2);
                args.remove(1, 2);
                matched = true;
            } else if (arg.startsWith(name + QLatin1Char('='))) {
                *target = arg.mid(name.size() + 1);
                args.remove(1);
                matched = true;
            }
        }
    }
    return {};
}

std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &args, Io &io,
                                  const QStringList &positionalNames)
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  tr("Show this help."));
    parser.addOption(help);
    const QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"),
                                        tr("Read this kubeconfig file only."), tr("file"));
    const QCommandLineOption context(
        QStringLiteral("context"), tr("Use this context instead of current-context."), tr("name"));
    const QCommandLineOption timeout(
        QStringLiteral("request-timeout"),
        tr("Give up on a request after this long (30s, 2m; 0 for never; default 30s)."),
        tr("duration"));
    parser.addOption(kubeconfig);
    parser.addOption(context);
    parser.addOption(timeout);
    for (const QString &name : positionalNames)
        parser.addPositionalArgument(name, QString());

    QString error;
    if (!parser.parse(args))
        error = parser.errorText();
    else if (parser.isSet(help)) {
        io.out << leafHelpText(parser, args.value(0));
        return Success;
    } else if (parser.positionalArguments().size() > positionalNames.size())
        error = tr("unexpected argument '%1'")
                    .arg(parser.positionalArguments().at(positionalNames.size()));
    else if (parser.positionalArguments().size() < positionalNames.size())
        error = tr("missing argument <%1>")
                    .arg(positionalNames.at(parser.positionalArguments().size()));
    if (error.isEmpty()) {
        if (parser.isSet(kubeconfig))
            io.globals.kubeconfig = parser.value(kubeconfig);
        if (parser.isSet(context))
            io.globals.context = parser.value(context);
        if (parser.isSet(timeout))
            io.globals.requestTimeout = parser.value(timeout);
        return std::nullopt;
    }
    io.err << args.value(0) << QStringLiteral(": ") << error << QLatin1Char('\n')
           << leafHelpText(parser, args.value(0));
    return UsageError;
}

QCommandLineOption outputOption(const QStringList &formats, bool firstIsDefault)
{
    // The formats are the value's name, as kubectl shows them; shell completion reads them there.
    QCommandLineOption option({QStringLiteral("o"), QStringLiteral("output")},
                              firstIsDefault
                                  ? tr("Output format (default %1).").arg(formats.value(0))
                                  : tr("Output format."),
                              formats.join(QLatin1Char('|')));
    if (firstIsDefault)
        option.setDefaultValue(formats.value(0));
    return option;
}

bool knownOutputFormat(const QString &format, const QStringList &formats, Io &io)
{
    if (format.isEmpty() || formats.contains(format))
        return true;
    io.err << tr("error: unknown output format '%1' (%2)\n")
                  .arg(format, formats.join(QStringLiteral(", ")));
    return false;
}

} // namespace kubestrap::cli
