#include "configmap_summary.h"

#include "object_meta.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace kubestrap::configmaps {

namespace {

const QLatin1String kKubeSystem("kube-system");

// kubeadm names the kubelet's ConfigMap kubelet-config, and kubelet-config-1.NN before 1.24.
bool isKubeletConfig(const QString &namespaceName, const QString &name)
{
    return namespaceName == kKubeSystem
           && (name == QLatin1String("kubelet-config")
               || name.startsWith(QLatin1String("kubelet-config-1.")));
}

bool writtenByKubeadm(const QString &namespaceName, const QString &name)
{
    if (namespaceName == QLatin1String("kube-public"))
        return name == QLatin1String("cluster-info");
    return isKubeletConfig(namespaceName, name)
           || (namespaceName == kKubeSystem
               && (name == QLatin1String("kubeadm-config") || name == QLatin1String("kube-proxy")
                   || name == QLatin1String("coredns")));
}

} // namespace

QString managedBy(const QJsonObject &configMap)
{
    const QJsonObject metadata = configMap.value(QStringLiteral("metadata")).toObject();
    const QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
    const QString manager = labels.value(QStringLiteral("app.kubernetes.io/managed-by")).toString();
    if (manager == QLatin1String("Helm")) {
        const QString release = metadata.value(QStringLiteral("annotations"))
                                    .toObject()
                                    .value(QStringLiteral("meta.helm.sh/release-name"))
                                    .toString();
        return release.isEmpty()
                   ? QStringLiteral("Helm")
                   : QCoreApplication::translate("kubestrap::configmaps", "Helm (release %1)")
                         .arg(release);
    }
    // The controller among the owners, else the first: what garbage-collects it.
    const QJsonArray owners = metadata.value(QStringLiteral("ownerReferences")).toArray();
    QJsonObject owner = owners.isEmpty() ? QJsonObject() : owners.first().toObject();
    for (const QJsonValue &each : owners) {
        if (each.toObject().value(QStringLiteral("controller")).toBool())
            owner = each.toObject();
    }
    if (!owner.isEmpty())
        return owner.value(QStringLiteral("kind")).toString() + QLatin1Char('/')
               + owner.value(QStringLiteral("name")).toString();
    const QString ns = objectNamespace(configMap);
    const QString name = objectName(configMap);
    if (name == QLatin1String("kube-root-ca.crt"))
        return QStringLiteral("kube-controller-manager");
    if (ns == kKubeSystem && name == QLatin1String("extension-apiserver-authentication"))
        return QStringLiteral("kube-apiserver");
    if (writtenByKubeadm(ns, name))
        return QStringLiteral("kubeadm");
    return manager;
}

namespace {

qint64 valueSize(const QJsonValue &value, bool binary)
{
    if (value.isDouble())
        return value.toInteger(); // a digest's
    const QString text = value.toString();
    return binary ? QByteArray::fromBase64(text.toLatin1()).size() : text.toUtf8().size();
}

} // namespace

qint64 sizeOf(const QJsonObject &configMap)
{
    qint64 bytes = 0;
    for (const bool binary : {false, true}) {
        const QJsonObject values =
            configMap.value(binary ? QLatin1String("binaryData") : QLatin1String("data"))
                .toObject();
        for (auto it = values.begin(); it != values.end(); ++it)
            bytes += it.key().toUtf8().size() + valueSize(it.value(), binary);
    }
    return bytes;
}

QJsonObject digest(QJsonObject configMap)
{
    for (const bool binary : {false, true}) {
        const QString field = binary ? QStringLiteral("binaryData") : QStringLiteral("data");
        if (!configMap.contains(field))
            continue;
        QJsonObject sizes = configMap.value(field).toObject();
        for (auto it = sizes.begin(); it != sizes.end(); ++it)
            *it = valueSize(*it, binary);
        configMap.insert(field, sizes);
    }
    const QString lastApplied = QStringLiteral("kubectl.kubernetes.io/last-applied-configuration");
    QJsonObject metadata = configMap.value(QStringLiteral("metadata")).toObject();
    QJsonObject annotations = metadata.value(QStringLiteral("annotations")).toObject();
    if (annotations.contains(lastApplied)) {
        annotations.remove(lastApplied);
        metadata.insert(QStringLiteral("annotations"), annotations);
        configMap.insert(QStringLiteral("metadata"), metadata);
    }
    return configMap;
}

bool isDigest(const QJsonObject &configMap)
{
    for (const char *field : {"data", "binaryData"}) {
        const QJsonObject values = configMap.value(QLatin1String(field)).toObject();
        if (!values.isEmpty())
            return values.begin()->isDouble();
    }
    return false;
}

QString systemWarning(const QString &namespaceName, const QString &name)
{
    if (name == QLatin1String("kube-root-ca.crt"))
        return QCoreApplication::translate(
            "kubestrap::configmaps",
            "Pods in this namespace trust the API server through this CA bundle. "
            "kube-controller-manager writes it back as it was: a change does not "
            "last, and a deletion leaves new pods without it until then.");
    if (namespaceName == QLatin1String("kube-public") && name == QLatin1String("cluster-info"))
        return QCoreApplication::translate(
            "kubestrap::configmaps",
            "Joining nodes find the API server and its CA here, and check the token "
            "signatures on it: a wrong server or CA, or a deletion, stops every "
            "kubeadm join.");
    if (namespaceName != kKubeSystem)
        return {};
    if (name == QLatin1String("kubeadm-config"))
        return QCoreApplication::translate(
            "kubestrap::configmaps",
            "kubeadm reads the cluster's configuration from here for every upgrade "
            "and every control-plane join: a wrong value there breaks them.");
    if (isKubeletConfig(namespaceName, name))
        return QCoreApplication::translate(
            "kubestrap::configmaps",
            "Every kubelet that joins or upgrades takes its configuration from "
            "here: a mistake spreads to each node that does.");
    if (name == QLatin1String("kube-proxy"))
        return QCoreApplication::translate(
            "kubestrap::configmaps",
            "kube-proxy on every node reads its configuration and its kubeconfig "
            "from here: a mistake breaks Services on the nodes where it restarts.");
    if (name == QLatin1String("coredns"))
        return QCoreApplication::translate(
            "kubestrap::configmaps",
            "CoreDNS reads its Corefile from here: a mistake breaks name lookups in "
            "every pod once CoreDNS reloads it.");
    if (name == QLatin1String("extension-apiserver-authentication"))
        return QCoreApplication::translate(
            "kubestrap::configmaps",
            "kube-apiserver publishes here how aggregated API servers and webhooks "
            "authenticate it; it writes it back, and until then they may refuse "
            "requests.");
    return {};
}

} // namespace kubestrap::configmaps
