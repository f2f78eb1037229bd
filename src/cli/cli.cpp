#include "cli.h"

#include "kubeconfig_commands.h"
#include "version.h"
#include "version_command.h"

#include <QCoreApplication>

namespace kubestrap::cli {

Command rootCommand()
{
    return {QStringLiteral("kubestrap-cli"),
            QCoreApplication::translate(
                "kubestrap::cli",
                "Kubestrap from the terminal: bootstrap tokens, cluster-info, node bootstrap RBAC "
                "and kubeconfigs, scriptable."),
            {},
            {kubeconfigCommand(), versionCommand()}};
}

namespace {

// Removes the global options that stand before the command (`--kubeconfig F`, `--context=C`) from
// `args` into `globals`; returns what is wrong with them, if anything.
QString takeGlobalOptions(QStringList &args, GlobalOptions &globals)
{
    const std::pair<QString, QString *> options[] = {
        {QStringLiteral("--kubeconfig"), &globals.kubeconfig},
        {QStringLiteral("--context"), &globals.context}};
    while (args.size() > 1) {
        const QString arg = args.at(1);
        bool matched = false;
        for (const auto &[name, target] : options) {
            if (arg == name) {
                if (args.size() < 3)
                    return QCoreApplication::translate("kubestrap::cli", "%1 needs a value")
                        .arg(name);
                *target = args.at(2);
                args.remove(1, 2);
                matched = true;
            } else if (arg.startsWith(name + QLatin1Char('='))) {
                *target = arg.mid(name.size() + 1);
                args.remove(1);
                matched = true;
            }
        }
        if (!matched)
            return {};
    }
    return {};
}

} // namespace

int run(const QStringList &arguments, Io &io)
{
    const QString first = arguments.value(1);
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        io.out << QStringLiteral("kubestrap-cli %1\n").arg(QLatin1String(kVersion));
        return Success;
    }
    QStringList args = arguments;
    if (!args.isEmpty())
        args.first() = QStringLiteral("kubestrap-cli"); // help names the program, not its path
    if (const auto error = takeGlobalOptions(args, io.globals); !error.isEmpty()) {
        io.err << QStringLiteral("kubestrap-cli: %1\n").arg(error);
        return UsageError;
    }
    return rootCommand().dispatch(args, io);
}

} // namespace kubestrap::cli
