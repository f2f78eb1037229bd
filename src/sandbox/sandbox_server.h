#pragma once

#include "api_handler.h"
#include "controllers.h"
#include "error.h"
#include "object_store.h"
#include "sandbox_pki.h"
#include "state_file.h"

#include <memory>

namespace httplib {
class SSLServer;
struct Request;
struct Response;
} // namespace httplib

namespace kubestrap::sandbox {

// kubestrap-sandbox's HTTPS server: TLS with the sandbox CA, client certificates verified when
// given, every request authenticated and handed to the ApiHandler. Runs on its own threads.
class SandboxServer {
public:
    // With a `stateDir`, objects are kept in it across restarts; without, in memory only.
    SandboxServer(SandboxPki pki, const QString &stateDir = {});
    ~SandboxServer();

    // Binds 127.0.0.1:`port` (0: any free port); the port in use, or why not. A new cluster (no
    // state yet) is seeded with the defaults, and with the demo objects when `demo`.
    Result<int> bind(int port, bool demo = false);
    // Which controllers run, as kube-controller-manager's --controllers; call before bind().
    bool selectControllers(const QString &list)
    {
        const auto names = Controllers::parseSelection(list);
        if (names)
            controllerNames = *names;
        return names.has_value();
    }
    // Serves until stop(); call after bind().
    void serve();
    void stop();

    int port() const { return boundPort; }
    QString url() const;

    // A static bearer token that authenticates as "admin" in system:masters, as kube-apiserver's
    // --token-auth-file would; empty (the default) accepts none.
    void setAdminToken(const QString &token) { adminToken = token; }
    // As kube-apiserver's --enable-bootstrap-token-auth (on here by default; off, bootstrap
    // tokens are refused like any unknown bearer token).
    void setBootstrapTokenAuth(bool on) { bootstrapTokenAuth = on; }

    // A kubeconfig for this server with a client certificate for `user` in `groups`.
    Result<void> writeKubeconfig(const QString &path, const QString &user,
                                 const QStringList &groups) const;

private:
    void handle(const httplib::Request &request, httplib::Response &response);
    Identity authenticate(const httplib::Request &request, bool &rejected) const;
    std::optional<Identity> serviceAccountIdentity(const QString &token) const;

    SandboxPki pki;
    ServiceAccountTokens serviceAccountTokens;
    ObjectStore store;
    std::unique_ptr<ApiHandler> api;
    std::unique_ptr<Controllers> controllers;
    std::unique_ptr<StateFile> state;
    std::unique_ptr<httplib::SSLServer> server;
    int boundPort = 0;
    QString adminToken;
    bool bootstrapTokenAuth = true;
    QStringList controllerNames = *Controllers::parseSelection(QStringLiteral("*"));
};

} // namespace kubestrap::sandbox
