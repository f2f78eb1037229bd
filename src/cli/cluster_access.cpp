#include "cluster_access.h"

#include "human_duration.h"
#include "kubeconfig_access.h"

#include <QCoreApplication>

#include <unistd.h>

namespace kubestrap::cli {

std::optional<CommandConnection> connectForCommand(Io &io)
{
    // kubectl's --request-timeout: a duration, or plain seconds.
    std::optional<qint64> timeoutMs;
    if (const QString given = io.globals.requestTimeout; !given.isEmpty()) {
        bool plain = false;
        const qint64 seconds = given.toLongLong(&plain);
        const auto parsed = plain ? Result<qint64>(seconds) : parseGoDuration(given);
        if (!parsed || *parsed < 0) {
            io.err << QCoreApplication::translate(
                          "kubestrap::cli",
                          "error: --request-timeout '%1' is not a duration (30s, 2m, 0)\n")
                          .arg(given);
            return std::nullopt;
        }
        timeoutMs = *parsed * 1000;
    }
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
    if (timeoutMs)
        client->setTimeout(std::chrono::milliseconds(*timeoutMs));
    // As kubectl: the plugin's standard error is the user's, and so is the terminal if any.
    if (ExecCredentialProvider *plugin = client->execPlugin()) {
        plugin->shareStandardError();
        if (isatty(STDIN_FILENO))
            plugin->lendTerminal();
    }
    return CommandConnection{std::move(*loaded), *context, std::move(client)};
}

} // namespace kubestrap::cli
