#pragma once

#include "error.h"
#include "kubeconfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QProcessEnvironment>

#include <functional>
#include <optional>

namespace kubestrap {

// What an exec credential plugin (client.authentication.k8s.io v1 or v1beta1) returned: a bearer
// token or a client certificate and key, valid until `expires` (never, when empty).
struct ExecCredential {
    QByteArray token;
    QByteArray clientCertificatePem;
    QByteArray clientKeyPem;
    std::optional<QDateTime> expires;
};

// Runs a kubeconfig user's exec plugin as client-go does: the command with its args and env
// added to the environment, KUBERNETES_EXEC_INFO describing the request (and the cluster, with
// provideClusterInfo), and keeps the credential until it expires or until forget() (after a
// 401). interactiveMode is honoured: a plugin may use the terminal only when one is lent to it
// (the command-line tool on a terminal does; the GUI never does, as a prompt in the terminal it
// was started from would go unseen).
class ExecCredentialProvider : public QObject {
    Q_OBJECT

public:
    ExecCredentialProvider(ExecConfig exec, QString server, QByteArray certificateAuthorityData,
                           QObject *parent = nullptr);

    using Callback = std::function<void(const Result<ExecCredential> &credential)>;
    // The cached credential, or a fresh one from the plugin; `done` runs on this thread.
    void credential(Callback done);
    void forget() { cached.reset(); }
    // The cached credential if it is still valid; never runs the plugin.
    std::optional<ExecCredential> current() const
    {
        if (cached && (!cached->expires || QDateTime::currentDateTimeUtc() < *cached->expires))
            return cached;
        return std::nullopt;
    }

    // Lets the plugin read from and write to this process's terminal when its interactiveMode
    // allows (IfAvailable, Always), as client-go does when standard input is a terminal.
    void lendTerminal() { terminal = true; }

    // How many times the plugin ran (for tests and diagnostics).
    int runs() const { return runCount; }

    // The plugin's answer decoded, or why it cannot be used.
    static Result<ExecCredential> decode(const QByteArray &output, const QString &apiVersion);

private:
    ExecConfig exec;
    QString server;
    QByteArray certificateAuthorityData;
    std::optional<ExecCredential> cached;
    std::vector<Callback> waiting; // callers while the plugin runs: one run serves them all
    int runCount = 0;
    bool terminal = false;
};

} // namespace kubestrap
