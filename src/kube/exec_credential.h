#pragma once

#include "error.h"
#include "kubeconfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QTimer>

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
// was started from would go unseen). Without a terminal the plugin's standard error is read as it
// comes (a device code, a "log in at" URL), so a window can show it live and let the user cancel.
class ExecCredentialProvider : public QObject {
    Q_OBJECT

public:
    ExecCredentialProvider(ExecConfig exec, QString server, QByteArray certificateAuthorityData,
                           QObject *parent = nullptr);
    // A plugin still running is stopped; its callers are not called back (they go too).
    ~ExecCredentialProvider() override;

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
    // The plugin writes to this process's standard error, as kubectl lets it, terminal or not.
    void shareStandardError() { stderrShared = true; }

    // A plugin that runs without a terminal is stopped after this long (a hung plugin would hang
    // every request); with one, it waits as kubectl does, for the user to answer or press Ctrl-C.
    static constexpr std::chrono::minutes kDefaultTimeout{5};
    void setTimeout(std::chrono::milliseconds timeout) { runTimeout = timeout; }
    // After this long a running plugin is taken to be waiting for the user: stillRunning().
    static constexpr std::chrono::milliseconds kSlowAfter{2000};

    bool isRunning() const { return process != nullptr; }
    QString command() const { return exec.command; }
    // What the running plugin has written to standard error so far.
    QString saidSoFar() const { return said; }
    // Stops the running plugin; its callers are told the user cancelled it.
    void cancel();

    // How many times the plugin ran (for tests and diagnostics).
    int runs() const { return runCount; }

    // The plugin's answer decoded, or why it cannot be used.
    static Result<ExecCredential> decode(const QByteArray &output, const QString &apiVersion);

Q_SIGNALS:
    // The plugin has run for kSlowAfter without answering: it may be waiting for a login.
    void stillRunning();
    // It wrote more to standard error; `text` is all of it so far.
    void saidMore(const QString &text);
    // The run ended, whichever way.
    void runEnded();

private:
    void finish(const Result<ExecCredential> &result);
    void stopProcess();

    ExecConfig exec;
    QString server;
    QByteArray certificateAuthorityData;
    std::optional<ExecCredential> cached;
    std::vector<Callback> waiting; // callers while the plugin runs: one run serves them all
    int runCount = 0;
    bool terminal = false;
    bool stderrShared = false;
    std::optional<std::chrono::milliseconds> runTimeout;
    QPointer<QProcess> process; // while the plugin runs
    QString said;
    QTimer slow;
    QTimer deadline;
};

} // namespace kubestrap
