#include "join_command.h"

#include "kubeconfig.h"
#include "kubeconfig_view.h"
#include "yaml_writer.h"

#include "x509.h"

#include <QCoreApplication>

namespace kubestrap {

QString joinEndpoint(const QUrl &server)
{
    const QString host = server.host();
    const QString shown =
        host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return shown + QLatin1Char(':') + QString::number(server.port(443));
}

Result<QString> joinCommand(const QUrl &server, const QString &token, const QByteArray &caPem)
{
    const QList<QByteArray> certificates = x509::certificatesIn(caPem);
    if (certificates.isEmpty())
        return fail(QCoreApplication::translate(
            "kubestrap", "the context has no CA certificate to pin: a joining node could not "
                         "check the API server (give the cluster a certificate-authority)"));
    QString command = QStringLiteral("kubeadm join %1 --token %2").arg(joinEndpoint(server), token);
    for (const QByteArray &certificate : certificates) {
        const auto pin = x509::publicKeyPin(certificate);
        if (!pin)
            return unexpected(pin.error());
        command += QStringLiteral(" --discovery-token-ca-cert-hash ") + *pin;
    }
    return command;
}

QByteArray bootstrapKubeletKubeconfig(const QString &server, const QByteArray &caPem,
                                      const QString &token)
{
    const QString cluster = QStringLiteral("kubernetes");
    const QString user = QStringLiteral("tls-bootstrap-token-user");
    Kubeconfig config;
    config.clusters[cluster].server = server;
    config.clusters[cluster].certificateAuthorityData = caPem;
    config.users[user].token = token;
    const QString context = user + QLatin1Char('@') + cluster;
    config.contexts[context] = {cluster, user, {}, {}, {}};
    config.currentContext = context;
    YamlValue value = kubeconfigToValue(config);
    sortKeysLikeKubectl(value);
    const auto yaml = writeYaml(value);
    return yaml ? *yaml : QByteArray();
}

} // namespace kubestrap
