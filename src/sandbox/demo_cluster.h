#pragma once

#include "sandbox_pki.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace kubestrap::sandbox {

class ApiHandler;

// One write of the demo, as `user` in `groups` sends it: a POST of `body` to the collection
// `path`, or, for "APPROVE", the approval of the certificate request at `path` by the admin.
struct DemoWrite {
    QByteArray method;
    QString path;
    QJsonObject body;
    QString user;
    QStringList groups;
};

// What --demo adds to a new cluster, so that every panel has something true to show: team
// namespaces with roles and bindings, four bootstrap tokens (one about to expire, one expired, one
// that cannot sign), cluster-info for `serverUrl` (which the BootstrapSigner then signs), part of
// kubeadm's bootstrap RBAC (first certificates are not auto-approved yet), and certificate
// requests, one pending and one a node's approved client certificate.
// `rename` gives the name to use for each namespace, certificate request and cluster-wide role
// or binding of the demo's own (kubeadm's names are kept), so that the tests can make the same
// demo in a shared cluster.
std::vector<DemoWrite> demoWrites(const QByteArray &caCertificatePem, const QString &serverUrl,
                                  const QDateTime &now,
                                  const std::function<QString(const QString &)> &rename);

// Makes the demo in a new sandbox, with the demo's own names.
void seedDemoCluster(ApiHandler &api, const SandboxPki &pki, const QString &serverUrl);

// The approval `kubectl certificate approve` gives `csr`, at `now`.
QJsonObject approved(QJsonObject csr, const QDateTime &now);

} // namespace kubestrap::sandbox
