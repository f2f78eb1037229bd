#include "kubeadm_config.h"

#include "yaml_reader.h"

namespace kubestrap {

std::optional<QUrl> controlPlaneEndpoint(const QJsonObject &kubeadmConfig)
{
    const QString text = kubeadmConfig.value(QStringLiteral("data"))
                             .toObject()
                             .value(QStringLiteral("ClusterConfiguration"))
                             .toString();
    const auto document = readYaml(text.toUtf8());
    if (!document)
        return std::nullopt;
    const YamlValue *endpoint = document->root.member(u"controlPlaneEndpoint");
    const QString *address = endpoint ? endpoint->string() : nullptr;
    if (!address || address->trimmed().isEmpty())
        return std::nullopt;
    QUrl url(QStringLiteral("https://") + address->trimmed());
    if (!url.isValid() || url.host().isEmpty() || !url.path().isEmpty())
        return std::nullopt;
    if (url.port() < 0)
        url.setPort(6443);
    return url;
}

} // namespace kubestrap
