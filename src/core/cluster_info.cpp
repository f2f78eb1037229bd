#include "cluster_info.h"

#include "jws.h"
#include "kubeconfig_decoder.h"
#include "yaml_reader.h"

#include <QCoreApplication>

#include <set>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::ClusterInfo", text);
}

} // namespace

Result<ClusterInfo> decodeClusterInfo(const QJsonObject &configMap)
{
    const QJsonObject data = configMap.value(QStringLiteral("data")).toObject();
    ClusterInfo info;
    info.kubeconfig = data.value(QStringLiteral("kubeconfig")).toString().toUtf8();
    if (info.kubeconfig.isEmpty())
        return fail(tr("cluster-info has no 'kubeconfig' key: joining nodes find nothing there"));
    const auto document = readYaml(info.kubeconfig);
    if (!document)
        return fail(tr("cluster-info's kubeconfig is not YAML: %1").arg(document.error().message));
    const auto config = decodeKubeconfig(document->root, QStringLiteral("cluster-info"));
    if (!config)
        return fail(tr("cluster-info's kubeconfig cannot be read: %1").arg(config.error().message));
    if (config->clusters.empty())
        return fail(tr("cluster-info's kubeconfig names no cluster"));
    // kubeadm join reads the first cluster; kubeadm writes exactly one, named "".
    const auto &[name, cluster] = *config->clusters.begin();
    info.clusterName = name;
    info.server = cluster.server;
    info.certificateAuthorityPem = cluster.certificateAuthorityData;
    if (config->clusters.size() > 1)
        info.deviations << tr("it names %1 clusters; kubeadm join reads only the first, \"%2\"")
                               .arg(config->clusters.size())
                               .arg(name);
    if (!config->users.empty())
        info.deviations << tr("it holds users: anyone can read cluster-info, so any credential "
                              "in it is public");
    if (!config->contexts.empty())
        info.deviations << tr("it holds contexts, which kubeadm does not write");
    if (info.server.isEmpty())
        info.deviations << tr("its cluster has no server URL");
    if (info.certificateAuthorityPem.isEmpty())
        info.deviations << tr("its cluster has no embedded CA (certificate-authority-data): "
                              "nodes cannot pin it");
    if (!cluster.certificateAuthority.isEmpty())
        info.deviations
            << tr("its cluster names a CA file (%1), which a joining node does not have")
                   .arg(cluster.certificateAuthority);
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (it.key().startsWith(QLatin1String(kSignaturePrefix)))
            info.signatures[it.key().mid(int(strlen(kSignaturePrefix)))] = it.value().toString();
    }
    return info;
}

QByteArray clusterInfoKubeconfig(const QString &server, const QByteArray &certificateAuthorityPem)
{
    return "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: "
           + certificateAuthorityPem.toBase64() + "\n    server: " + server.toUtf8()
           + "\n  name: \"\"\ncontexts: null\ncurrent-context: \"\"\nkind: Config\n"
             "preferences: {}\nusers: null\n";
}

QJsonObject clusterInfoConfigMap(const QByteArray &kubeconfig)
{
    return {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QLatin1String(kClusterInfoName)},
                         {QStringLiteral("namespace"), QLatin1String(kClusterInfoNamespace)}}},
            {QStringLiteral("data"),
             QJsonObject{{QStringLiteral("kubeconfig"), QString::fromUtf8(kubeconfig)}}}};
}

std::vector<SignatureCheck> checkSignatures(const ClusterInfo &info,
                                            const std::vector<BootstrapToken> &tokens,
                                            const QDateTime &now)
{
    std::map<QString, const BootstrapToken *> signing;
    for (const BootstrapToken &token : tokens) {
        if (token.usages.contains(QStringLiteral("signing")))
            signing[token.id] = &token;
    }
    std::vector<SignatureCheck> checks;
    std::set<QString> ids;
    for (const auto &[id, signature] : info.signatures)
        ids.insert(id);
    for (const auto &[id, token] : signing) {
        if (!token->expired(now))
            ids.insert(id);
    }
    for (const QString &id : ids) {
        const auto signature = info.signatures.find(id);
        const auto token = signing.find(id);
        if (signature == info.signatures.end()) {
            checks.push_back({id, SignatureCheck::State::Missing,
                              tr("signing token %1 is valid but has signed nothing: the "
                                 "BootstrapSigner controller is not running")
                                  .arg(id)});
        } else if (token == signing.end()) {
            checks.push_back({id, SignatureCheck::State::UnknownToken,
                              tr("no signing token %1 can be read: it was deleted, may not "
                                 "sign, or you may not read it")
                                  .arg(id)});
        } else if (token->second->expired(now)) {
            checks.push_back({id, SignatureCheck::State::ExpiredToken,
                              tr("signed by token %1, which has expired").arg(id)});
        } else if (const auto valid = jws::verifyDetached(info.kubeconfig, signature->second, id,
                                                          token->second->secret);
                   !valid) {
            checks.push_back({id, SignatureCheck::State::Invalid, valid.error().message});
        } else {
            checks.push_back({id, SignatureCheck::State::Valid, {}});
        }
    }
    return checks;
}

} // namespace kubestrap
