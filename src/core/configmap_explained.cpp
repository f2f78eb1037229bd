#include "configmap_explained.h"

#include "object_meta.h"
#include "object_yaml.h"
#include "x509.h"
#include "yaml_reader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>

namespace kubestrap::configmaps {

namespace {

const char *const kContext = "kubestrap::configmaps";

// The data key `key` read as a YAML (or JSON) mapping; empty when it is not one.
QJsonObject document(const QJsonObject &configMap, const QString &key)
{
    const QString text = configMap.value(QStringLiteral("data")).toObject().value(key).toString();
    const auto read = readYaml(text.toUtf8());
    return read ? jsonFromYaml(read->root).toObject() : QJsonObject();
}

// A dotted path into `object`: "networking.podSubnet".
QJsonValue at(const QJsonObject &object, const QString &path)
{
    QJsonValue value = object;
    for (const QString &part : path.split(QLatin1Char('.')))
        value = value.toObject().value(part);
    return value;
}

QString text(const QJsonValue &value)
{
    if (value.isArray()) {
        QStringList items;
        for (const QJsonValue &item : value.toArray())
            items << text(item);
        return items.join(QStringLiteral(", "));
    }
    if (value.isBool())
        return value.toBool() ? QCoreApplication::translate(kContext, "yes")
                              : QCoreApplication::translate(kContext, "no");
    if (value.isDouble())
        return QString::number(value.toDouble());
    return value.toString();
}

// "v1.32.13" and "1.32.13+k3s1" name the same release when major, minor and patch agree.
QString release(const QString &version)
{
    static const QRegularExpression numbers(QStringLiteral("(\\d+)\\.(\\d+)(?:\\.(\\d+))?"));
    const auto match = numbers.match(version);
    return match.hasMatch() ? match.captured(0) : version;
}

QList<Fact> kubeadmFacts(const QJsonObject &configMap, const QString &serverVersion)
{
    const QJsonObject cluster = document(configMap, QStringLiteral("ClusterConfiguration"));
    if (cluster.isEmpty())
        return {
            {QCoreApplication::translate(kContext, "ClusterConfiguration"),
             QCoreApplication::translate(kContext, "missing or not YAML"),
             QCoreApplication::translate(
                 kContext, "kubeadm upgrade and kubeadm join read it: restore it from "
                           "`kubeadm config print init-defaults` and your cluster's settings.")}};
    QList<Fact> facts;
    const QString endpoint = text(cluster.value(QStringLiteral("controlPlaneEndpoint")));
    facts << Fact{QCoreApplication::translate(kContext, "Control-plane endpoint"),
                  endpoint.isEmpty() ? QCoreApplication::translate(
                      kContext, "none: nodes join through the first control plane's "
                                "own address")
                                     : endpoint,
                  {}};
    const QString version = text(cluster.value(QStringLiteral("kubernetesVersion")));
    QString concern;
    if (!serverVersion.isEmpty() && !version.isEmpty()
        && release(version) != release(serverVersion))
        concern = QCoreApplication::translate(
                      kContext, "The API server you are connected to runs %1: an upgrade has not "
                                "finished, or this ConfigMap was not updated with it.")
                      .arg(serverVersion);
    facts << Fact{QCoreApplication::translate(kContext, "Kubernetes version"), version, concern};
    const std::pair<const char *, const char *> fields[] = {
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "Cluster name"), "clusterName"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "Pod subnet"), "networking.podSubnet"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "Service subnet"), "networking.serviceSubnet"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "DNS domain"), "networking.dnsDomain"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "Image repository"), "imageRepository"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "API server certificate names"),
         "apiServer.certSANs"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "External etcd"), "etcd.external.endpoints"},
    };
    for (const auto &[name, path] : fields)
        if (const QString value = text(at(cluster, QLatin1String(path))); !value.isEmpty())
            facts << Fact{QCoreApplication::translate(kContext, name), value, {}};
    facts << Fact{QCoreApplication::translate(kContext, "Format"),
                  text(cluster.value(QStringLiteral("apiVersion"))),
                  {}};
    return facts;
}

QList<Fact> kubeletFacts(const QJsonObject &configMap)
{
    const QJsonObject kubelet = document(configMap, QStringLiteral("kubelet"));
    if (kubelet.isEmpty())
        return {{QCoreApplication::translate(kContext, "KubeletConfiguration"),
                 QCoreApplication::translate(kContext, "missing or not YAML"),
                 QCoreApplication::translate(kContext,
                                             "Nodes that join read their settings from it.")}};
    QList<Fact> facts;
    const std::pair<const char *, const char *> fields[] = {
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "Cgroup driver"), "cgroupDriver"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "Cluster DNS"), "clusterDNS"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "Cluster domain"), "clusterDomain"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "Client certificates rotate"),
         "rotateCertificates"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "Client CA file"),
         "authentication.x509.clientCAFile"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "Authorization"), "authorization.mode"},
        {QT_TRANSLATE_NOOP("kubestrap::configmaps", "Static pods"), "staticPodPath"},
    };
    for (const auto &[name, path] : fields)
        if (const QString value = text(at(kubelet, QLatin1String(path))); !value.isEmpty())
            facts << Fact{QCoreApplication::translate(kContext, name), value, {}};
    const bool serving = kubelet.value(QStringLiteral("serverTLSBootstrap")).toBool();
    facts << Fact{QCoreApplication::translate(kContext, "Serving certificates from CSRs"),
                  text(serving),
                  serving ? QCoreApplication::translate(
                      kContext, "Each kubelet asks for its serving certificate with a "
                                "kubernetes.io/kubelet-serving CSR, which kube-controller-manager "
                                "never approves: approve them in Certificate requests, or "
                                "kubectl logs and exec fail on new nodes.")
                          : QString()};
    return facts;
}

QList<Fact> rootCaFacts(const QJsonObject &configMap, const QDateTime &now)
{
    const QByteArray pem = configMap.value(QStringLiteral("data"))
                               .toObject()
                               .value(QStringLiteral("ca.crt"))
                               .toString()
                               .toUtf8();
    QList<Fact> facts;
    for (const QByteArray &certificate : x509::certificatesIn(pem)) {
        const auto info = x509::inspect(certificate);
        if (!info)
            continue;
        QString concern;
        if (info->notAfter < now)
            concern = QCoreApplication::translate(
                kContext, "Expired: pods that trust the API server through it fail to connect.");
        else if (info->notAfter < now.addDays(30))
            concern = QCoreApplication::translate(
                kContext, "Expires within 30 days: rotate the cluster CA before then.");
        facts << Fact{QCoreApplication::translate(kContext, "CA"),
                      QCoreApplication::translate(kContext, "%1, valid until %2")
                          .arg(info->commonName, QLocale().toString(info->notAfter.toLocalTime(),
                                                                    QLocale::ShortFormat)),
                      concern};
    }
    facts << Fact{QCoreApplication::translate(kContext, "Kept by"),
                  QCoreApplication::translate(
                      kContext,
                      "kube-controller-manager, from its --root-ca-file: it writes the ConfigMap "
                      "back when it is changed or deleted."),
                  {}};
    return facts;
}

} // namespace

QList<Fact> explain(const QJsonObject &configMap, const QString &serverVersion,
                    const QDateTime &now)
{
    const QString ns = objectNamespace(configMap);
    const QString name = objectName(configMap);
    if (name == QLatin1String("kube-root-ca.crt"))
        return rootCaFacts(configMap, now);
    if (ns != QLatin1String("kube-system"))
        return {};
    if (name == QLatin1String("kubeadm-config"))
        return kubeadmFacts(configMap, serverVersion);
    static const QRegularExpression kubelet(QStringLiteral("^kubelet-config(-\\d+\\.\\d+)?$"));
    if (kubelet.match(name).hasMatch())
        return kubeletFacts(configMap);
    return {};
}

} // namespace kubestrap::configmaps
