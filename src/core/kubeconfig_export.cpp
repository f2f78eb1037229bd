#include "kubeconfig_export.h"

#include "kubeconfig_view.h"
#include "yaml_writer.h"

#include <QCoreApplication>
#include <QFile>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::exportKubeconfig", text);
}

Result<void> embedTokenFile(KubeconfigUser &user, const QString &name)
{
    if (user.tokenFile.isEmpty())
        return {};
    const QString path = resolveKubeconfigPath(user.tokenFile, user.origin);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(
            tr("user '%1': cannot read its tokenFile %2: %3").arg(name, path, file.errorString()));
    if (user.token.isEmpty())
        user.token = QString::fromUtf8(file.readAll()).trimmed(); // client-go trims it the same way
    user.tokenFile.clear();
    return {};
}

QStringList notesFor(const KubeconfigUser &user, const KubeconfigCluster &cluster)
{
    QStringList notes;
    if (user.exec)
        notes << tr("the credential comes from the exec plugin '%1', which the recipient must have "
                    "installed and be allowed to use")
                     .arg(user.exec->command);
    if (user.authProvider)
        notes << tr("the credential comes from the '%1' auth provider, which kubectl no longer "
                    "supports for most providers")
                     .arg(user.authProvider->name);
    if (cluster.insecureSkipTlsVerify)
        notes << tr("the cluster's TLS certificate is not verified (insecure-skip-tls-verify)");
    return notes;
}

} // namespace

namespace {

Result<QByteArray> yamlOf(const Kubeconfig &config)
{
    YamlValue value = kubeconfigToValue(config);
    sortKeysLikeKubectl(value);
    return writeYaml(value);
}

} // namespace

QByteArray redactedYaml(Kubeconfig config)
{
    redactKubeconfig(config);
    auto yaml = yamlOf(config);
    return yaml ? *yaml : QByteArray();
}

Result<ExportedKubeconfig> exportKubeconfig(Kubeconfig merged, const ExportOptions &options)
{
    ExportedKubeconfig exported;
    Kubeconfig &config = exported.config;
    config = std::move(merged);
    if (!options.context.isEmpty())
        config.currentContext = options.context;
    if (auto ok = minifyKubeconfig(config); !ok)
        return unexpected(ok.error());
    if (auto ok = flattenKubeconfig(config); !ok)
        return unexpected(ok.error());
    for (auto &[name, user] : config.users) {
        if (auto ok = embedTokenFile(user, name); !ok)
            return unexpected(ok.error());
    }
    // What is personal to the sender stays behind.
    config.preferences = {};
    config.extensions.clear();

    auto context = config.contexts.extract(config.currentContext);
    if (!options.renameTo.isEmpty())
        context.key() = options.renameTo;
    if (!options.namespaceName.isEmpty())
        context.mapped().namespaceName = options.namespaceName;
    config.currentContext = context.key();
    if (options.credential) {
        const ExportCredential &given = *options.credential;
        if (given.userName.isEmpty())
            return fail(tr("the new credential needs a user name"));
        KubeconfigUser user;
        user.token = given.token;
        user.clientCertificateData = given.clientCertificate;
        user.clientKeyData = given.clientKey;
        config.users.clear();
        config.users.emplace(given.userName, std::move(user));
        context.mapped().user = given.userName;
    }
    const QString clusterName = context.mapped().cluster;
    const QString userName = context.mapped().user;
    config.contexts.insert(std::move(context));

    if (!options.server.isEmpty()) {
        if (config.clusters.empty())
            return fail(tr("context '%1' names no cluster whose server could be set")
                            .arg(config.currentContext));
        config.clusters.begin()->second.server = options.server;
    }
    exported.notes = notesFor(
        config.users.count(userName) ? config.users[userName] : KubeconfigUser{},
        config.clusters.count(clusterName) ? config.clusters[clusterName] : KubeconfigCluster{});
    auto yaml = yamlOf(config);
    if (!yaml)
        return unexpected(yaml.error());
    exported.yaml = std::move(*yaml);
    return exported;
}

} // namespace kubestrap
