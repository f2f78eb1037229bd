#include "cli.h"

#include "bootstrap_commands.h"
#include "ca_hash_command.h"
#include "cluster_info_commands.h"
#include "completion_command.h"
#include "csr_commands.h"
#include "jws_commands.h"
#include "kubeconfig_commands.h"
#include "rbac_commands.h"
#include "token_commands.h"
#include "version.h"
#include "version_command.h"
#include "whoami_command.h"

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
            {bootstrapCommand(), caHashCommand(), clusterInfoCommand(), completionCommand(),
             csrCommand(), jwsCommand(), kubeconfigCommand(), rbacCommand(), tokenCommand(),
             versionCommand(), whoamiCommand()}};
}

int run(const QStringList &arguments, Io &io)
{
    const QString first = arguments.value(1);
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        io.out << QStringLiteral("kubestrap-cli %1\n").arg(QLatin1String(kVersion));
        return Success;
    }
    if (first == QLatin1String("__complete"))
        return complete(rootCommand(), arguments.mid(2), io);
    QStringList args = arguments;
    if (!args.isEmpty())
        args.first() = QStringLiteral("kubestrap-cli"); // help names the program, not its path
    return rootCommand().dispatch(args, io);
}

} // namespace kubestrap::cli
