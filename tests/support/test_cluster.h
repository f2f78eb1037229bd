#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace kubestrap::test {

// The cluster integration tests run against: a kubestrap-sandbox started on an ephemeral port, or,
// when KUBESTRAP_TEST_KUBECONFIG names a kubeconfig, that real and disposable cluster instead.
// The same tests run on either, with no other change.
class TestCluster {
public:
    // Starts (or adopts) the cluster; null with `error` set when it cannot.
    // `sandboxArguments` go to kubestrap-sandbox (such as --demo).
    static std::unique_ptr<TestCluster> start(const QString &sandboxProgram, QString *error,
                                              const QStringList &sandboxArguments = {});
    ~TestCluster();

    bool isSandbox() const { return process != nullptr; }

    // Stops the sandbox (SIGTERM) and starts it again on the same port with the same state, as a
    // restarted API server: clients see dropped connections, then versions from before are gone.
    // `whileStopped` may change the saved state (`<state>/objects.json`) in between.
    bool restart(QString *error,
                 const std::function<void(const QString &stateFile)> &whileStopped = {});
    QString adminKubeconfig() const { return admin; }
    QString url() const { return serverUrl; }

    // A kubeconfig for `user` in `groups`, with a client certificate from the sandbox's CA.
    // Empty on a real cluster, whose CA key the tests do not have: such tests skip there.
    QString kubeconfigFor(const QString &user, const QStringList &groups) const;
    // A kubeconfig that authenticates with a bearer token only (a bootstrap token, say).
    QString kubeconfigForToken(const QString &token) const;

private:
    TestCluster() = default;

    QTemporaryDir dir;
    bool launch(const QStringList &arguments, QString *error);

    std::unique_ptr<QProcess> process;
    QString program;
    QStringList arguments;
    QString admin;
    QString serverUrl;
};

} // namespace kubestrap::test
