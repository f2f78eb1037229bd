#pragma once

#include <QJsonObject>
#include <QString>

// What an admin wants to know of a ConfigMap before reading it: who keeps it, how big it is, and,
// for the ConfigMaps the cluster itself depends on, what breaks when it changes.
namespace kubestrap::configmaps {

// Who manages the ConfigMap, in the words the panel shows: Helm (with its release), the owner an
// ownerReference names ("Deployment/web"), kube-controller-manager for kube-root-ca.crt,
// kube-apiserver for extension-apiserver-authentication, kubeadm for the ConfigMaps it writes, the
// app.kubernetes.io/managed-by label's value otherwise. Empty when nothing says.
QString managedBy(const QJsonObject &configMap);

// The bytes its data and binaryData hold (binaryData decoded), as the API server counts them
// against its 1 MiB limit. Of a digest (below), the sizes it kept.
qint64 sizeOf(const QJsonObject &configMap);

// What the ConfigMaps list keeps of one, so that 10,000 of 10 KB each take a few megabytes: its
// metadata without kubectl's last-applied copy (which holds the data again), whether it is
// immutable, and each key of data and binaryData with the size of its value in place of the
// value. The values are read when the ConfigMap is opened.
QJsonObject digest(QJsonObject configMap);
// Whether `configMap` is such a digest, not the ConfigMap: no value the API server accepts
// is a number.
bool isDigest(const QJsonObject &configMap);

// What changing or deleting `namespaceName/name` breaks, for the ConfigMaps the cluster relies on
// (kubeadm-config, kubelet-config, kube-proxy, coredns, cluster-info, kube-root-ca.crt,
// extension-apiserver-authentication); empty for any other.
QString systemWarning(const QString &namespaceName, const QString &name);

} // namespace kubestrap::configmaps
