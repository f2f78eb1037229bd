#include "cluster_client.h"

#include "kubeconfig_loader.h"

namespace kubestrap::test {

std::unique_ptr<ApiClient> clientFor(const QString &path, QString *error)
{
    const auto file = loadKubeconfigFile(path);
    auto connection =
        file ? ClusterConnection::fromKubeconfig(file->config, file->config.currentContext)
             : Result<ClusterConnection>(unexpected(file.error()));
    if (!connection) {
        if (error)
            *error = connection.error().message;
        return nullptr;
    }
    return std::make_unique<ApiClient>(*connection);
}

} // namespace kubestrap::test
