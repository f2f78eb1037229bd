#pragma once

#include <QHash>
#include <QJsonObject>
#include <QLockFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace kubestrap::test {

// The cluster integration tests run against: a kubestrap-sandbox started on an ephemeral port, or,
// when KUBESTRAP_TEST_KUBECONFIG names a kubeconfig, that real and disposable cluster instead.
// The same tests run on either, with no other change. A real cluster already holds objects from
// elsewhere: tests name what they make with uniqueName() or make it in their own namespace, let
// the harness delete it at the end, and never assume they see the only objects there are.
class TestCluster {
public:
    // Starts (or adopts) the cluster; null with `error` set when it cannot.
    // `sandboxArguments` go to kubestrap-sandbox (such as --demo); on a real cluster, --demo makes
    // the demo's objects instead (see demo()).
    static std::unique_ptr<TestCluster> start(const QString &sandboxProgram, QString *error,
                                              const QStringList &sandboxArguments = {});
    // A sandbox of the test's own whatever KUBESTRAP_TEST_KUBECONFIG says: for tests of the
    // sandbox itself (its demo, its flags), or of servers unlike the real one (APIs hidden).
    static std::unique_ptr<TestCluster> startSandbox(const QString &sandboxProgram, QString *error,
                                                     const QStringList &sandboxArguments = {});
    // Deletes what the tests made (newest first) and puts back what they changed.
    ~TestCluster();

    bool isSandbox() const { return process != nullptr; }

    // Stops the sandbox (SIGTERM) and starts it again on the same port with the same state, as a
    // restarted API server: clients see dropped connections, then versions from before are gone.
    // `whileStopped` may change the saved state (`<state>/objects.json`) in between.
    bool restart(QString *error,
                 const std::function<void(const QString &stateFile)> &whileStopped = {});
    QString adminKubeconfig() const { return admin; }
    // The API server's URL, as the admin kubeconfig names it.
    QString url() const { return serverUrl; }
    // The CA (PEM) that the admin kubeconfig trusts for the server.
    QByteArray caCertificate() const { return ca; }
    // The admin kubeconfig's current context, and who the server says its user is.
    QString adminContext() const { return context; }
    QString adminUser() const { return adminName; }

    // A kubeconfig for `user` in `groups`, with a client certificate: from the sandbox's CA, or
    // on a real cluster from its signer through a CertificateSigningRequest the admin approves.
    // Empty when the cluster will not issue one.
    QString kubeconfigFor(const QString &user, const QStringList &groups);
    // A kubeconfig that authenticates with a bearer token only (a bootstrap token, say).
    QString kubeconfigForToken(const QString &token);

    // `prefix-<id>`, where the id is the same for the whole test run and unlikely to be taken.
    static QString uniqueName(const QString &prefix);
    // A bootstrap token id of this run: the run's id and `tag`, a letter or digit.
    static QString uniqueTokenId(char tag);
    // Creates a namespace named uniqueName(prefix), deleted at the end; empty if it fails.
    QString createNamespace(const QString &prefix);
    // The object at `path` (an API path) is deleted at the end, if it is still there.
    void deleteAtEnd(const QString &path);
    // A cluster as bare of the bootstrap procedure as a new sandbox: kubeadm's bootstrap objects
    // (its RBAC, cluster-info) removed until the end, and the bootstrap tokens made meanwhile
    // deleted then. Nothing to do on a sandbox.
    bool emptyOfBootstrap();
    // Whatever is added to `collection` (an API path, with a fieldSelector if need be) from now
    // on is deleted at the end: for what the product makes under names of its own.
    void deleteNewAtEnd(const QString &collection);
    // Makes the cluster look kubeadm-made with `endpoint` as ClusterConfiguration's
    // controlPlaneEndpoint (kube-system/kubeadm-config, put back at the end as it was).
    bool setControlPlaneEndpoint(const QString &endpoint);
    // Deletes the object at `path` now, for a test that needs it gone; it is put back at the end.
    bool removeUntilEnd(const QString &path);
    // The object at `path` is put back at the end as it is now (or deleted if it is absent now),
    // for what a test changes and others rely on, such as kube-public/cluster-info.
    void restoreAtEnd(const QString &path);

    // The names of what start() made for --demo on a real cluster (the sandbox's own demo
    // otherwise), so a test finds "team-a" whatever it is called on this run.
    QString demo(const QString &name) const { return demoNames.value(name, name); }

private:
    TestCluster() = default;

    QTemporaryDir dir;
    bool launch(const QStringList &arguments, QString *error);
    bool adopt(const QString &kubeconfig, QString *error);
    bool seedDemo(QString *error);
    // The admin's answer to one call, synchronously; nullopt with `error` set on failure.
    std::optional<QJsonObject> call(const QByteArray &verb, const QString &path,
                                    const QJsonObject &body = {}, QString *error = nullptr);
    // Approves the certificate request at `csrPath` as the admin.
    bool approve(const QString &csrPath, QString *error);
    // A create as `user` in `groups`, the admin impersonating them.
    std::optional<QJsonObject> callAs(const QString &user, const QStringList &groups,
                                      const QString &collection, const QJsonObject &body,
                                      QString *error);

    std::unique_ptr<QProcess> process;
    QString program;
    QStringList arguments;
    QString admin;
    QString serverUrl;
    QByteArray ca;
    QString context = QStringLiteral("kubestrap-sandbox");
    QString adminName = QStringLiteral("kubernetes-admin");
    QHash<QString, QString> demoNames;

    struct Restore {
        QString path;
        std::optional<QJsonObject> before; // nullopt: absent before, so deleted at the end
    };
    std::vector<QString> toDelete;
    struct Collection {
        QString path;
        QStringList before;
    };
    std::vector<Collection> collectionsToTrim;
    QStringList namesIn(const QString &collection);
    std::vector<Restore> toRestore;
    // Held until the destructor has cleaned up (members go after its body).
    std::shared_ptr<QLockFile> realClusterLock;
};

} // namespace kubestrap::test
