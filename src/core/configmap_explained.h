#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

// What the ConfigMaps a bootstrap admin reads say, in the admin's terms: kubeadm's
// ClusterConfiguration (the endpoint nodes join through, the versions, the networks), the
// kubelets' shared KubeletConfiguration, and the root CA every namespace is given.
namespace kubestrap::configmaps {

struct Fact {
    QString name;    // "Control-plane endpoint"
    QString value;   // "k8s.example.com:6443"
    QString concern; // why it is worth a look (a version the server does not run); often empty
};

// The facts of `configMap` when it is one of kube-system/kubeadm-config,
// kube-system/kubelet-config(-1.x) or a kube-root-ca.crt; empty for any other. `serverVersion`
// is the connected API server's gitVersion ("v1.32.13"), for the versions that should match it.
QList<Fact> explain(const QJsonObject &configMap, const QString &serverVersion,
                    const QDateTime &now);

} // namespace kubestrap::configmaps
