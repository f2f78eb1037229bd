#pragma once

#include "error.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace kubestrap {

// The command a new node runs to join, as `kubeadm token create --print-join-command` prints it:
// `kubeadm join <host:port> --token <token> --discovery-token-ca-cert-hash sha256:<hex>`, one
// hash per certificate in the CA bundle.
Result<QString> joinCommand(const QUrl &server, const QString &token, const QByteArray &caPem);

// The kubeconfig a kubelet bootstraps with, as kubeadm writes bootstrap-kubelet.conf: cluster
// "kubernetes" at `server` with the CA embedded, user tls-bootstrap-token-user holding `token`.
// It holds the token: write it with mode 0600 only.
QByteArray bootstrapKubeletKubeconfig(const QString &server, const QByteArray &caPem,
                                      const QString &token);

// "host:port" as kubeadm join takes the API server endpoint: IPv6 in brackets, 443 when the URL
// names no port.
QString joinEndpoint(const QUrl &server);

} // namespace kubestrap
