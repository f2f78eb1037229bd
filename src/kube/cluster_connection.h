#pragma once

#include "error.h"
#include "exec_credential.h"
#include "kubeconfig.h"

#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QUrl>

namespace kubestrap {

// How to reach and authenticate to the API server of one kubeconfig context, resolved once from
// the merged kubeconfig: the server URL, TLS (CA from file or data, or the system's; the client
// certificate; tls-server-name; insecure-skip-tls-verify), the proxy, and the credential
// headers (bearer token, token file, basic auth, impersonation).
class ClusterConnection {
public:
    static Result<ClusterConnection> fromKubeconfig(const Kubeconfig &config,
                                                    const QString &contextName);

    QString contextName() const { return context; }
    QUrl server() const { return serverUrl; }
    // True when insecure-skip-tls-verify is set: the UI says so wherever it shows the cluster.
    bool skipsTlsVerification() const { return insecure; }

    // A request for `path` (with query) on this server, TLS and credentials applied. A tokenFile
    // is read again for every request, as client-go re-reads it.
    // `credential`, when the user's exec plugin gave one, replaces the kubeconfig's token or
    // client certificate.
    Result<QNetworkRequest> request(const QString &pathAndQuery,
                                    const ExecCredential *credential = nullptr) const;

    // The user's exec plugin, if the credential comes from one, and what it may be told of the
    // cluster (provideClusterInfo).
    const std::optional<ExecConfig> &execPlugin() const { return exec; }
    QByteArray certificateAuthorityPem() const { return caPem; }

    // Who the kubeconfig's own credential says the user is, without asking the server: an
    // impersonated user, a client certificate's subject (CN, O), a bootstrap token's user, or a
    // JWT's "sub". For servers that cannot say who we are; `how` names the source. Empty when
    // the credential does not say (basic auth, an exec plugin).
    // The same server, TLS trust and proxy, authenticating with `token` only: how a joining
    // node, holding nothing but a bootstrap token, reaches the API server.
    ClusterConnection withBearerTokenOnly(const QByteArray &token) const;

    struct ClaimedUser {
        QString name;
        QStringList groups;
        QString how;
    };
    ClaimedUser claimedUser() const;
    QNetworkProxy proxy() const { return networkProxy; }

private:
    // The parts of fromKubeconfig(): the cluster's server, CA and proxy; the user's credentials.
    Result<void> useCluster(const QString &name, const KubeconfigCluster &cluster);
    Result<void> useUser(const QString &name, const KubeconfigUser &user);
    Result<void> useClientCertificate(const QString &name, const KubeconfigUser &user);
    Result<void> useImpersonation(const QString &name, const KubeconfigUser &user);

    QString context;
    QUrl serverUrl;
    QSslConfiguration tls;
    QString tlsServerName;
    bool insecure = false;
    QNetworkProxy networkProxy = QNetworkProxy(QNetworkProxy::DefaultProxy);
    QByteArray bearerToken;
    QString tokenFile;
    QByteArray basicAuth;
    QList<QPair<QByteArray, QByteArray>> impersonation;
    std::optional<ExecConfig> exec;
    QByteArray caPem;
};

} // namespace kubestrap
