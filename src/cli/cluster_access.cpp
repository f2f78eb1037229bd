#include "cluster_access.h"

#include "kubeconfig_access.h"

#include <QCoreApplication>

#include <unistd.h>

namespace kubestrap::cli {

std::optional<ClusterSession> connectForCommand(Io &io)
{
    auto loaded = loadForCommand(io);
    if (!loaded)
        return std::nullopt;
    const auto context = chosenContext(*loaded, io);
    if (!context)
        return std::nullopt;
    auto connection = ClusterConnection::fromKubeconfig(loaded->merged, *context);
    if (!connection) {
        io.err << QCoreApplication::translate("kubestrap::cli", "error: %1\n")
                      .arg(connection.error().message);
        return std::nullopt;
    }
    if (connection->skipsTlsVerification())
        io.err << QCoreApplication::translate("kubestrap::cli",
                                              "warning: context '%1' does not verify the server's "
                                              "certificate (insecure-skip-tls-verify)\n")
                      .arg(*context);
    auto client = std::make_unique<ApiClient>(std::move(*connection));
    // As kubectl: the plugin's standard error is the user's, and so is the terminal if any.
    if (ExecCredentialProvider *plugin = client->execPlugin()) {
        plugin->shareStandardError();
        if (isatty(STDIN_FILENO))
            plugin->lendTerminal();
    }
    return ClusterSession{std::move(*loaded), *context, std::move(client)};
}

} // namespace kubestrap::cli
