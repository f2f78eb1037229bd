#pragma once

#include "activity_log.h"
#include "api_client.h"
#include "identity.h"

#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace kubestrap {

class BootstrapApply;
class KubeconfigStore;
struct PlannedObject;
class RbacIndex;
class ResourceStore;

// The connection to the cluster of the KubeconfigStore's active context, shared by every panel:
// the API client, who we are there, the server's version, and one watch cache per API path. A
// context switch drops all of it and connects anew.
class ClusterSession : public QObject {
    Q_OBJECT

public:
    enum class State { NoContext, Connecting, Connected, Failed };

    explicit ClusterSession(KubeconfigStore *kubeconfigs, QObject *parent = nullptr);
    ~ClusterSession() override;

    State state() const { return current; }
    // One line for the status bar: "Connected to … as … (v1.30.2)", or what is wrong.
    QString summary() const;
    QString error() const { return failure; }
    QString context() const { return contextName; }
    // The kubeconfigs whose active context this session follows: choosing another there
    // reconnects the session.
    KubeconfigStore *kubeconfigStore() const { return kubeconfigs; }

    // Null unless a context is chosen and its connection could be built.
    ApiClient *client() const { return api.get(); }
    // The client, for an operation that must finish (or roll back) even if the session
    // reconnects meanwhile.
    std::shared_ptr<ApiClient> sharedClient() const { return api; }
    const Identity &identity() const { return who; }
    QString serverVersion() const { return version; }

    // Every change made through this session, for the activity dock; kept across reconnects.
    ActivityLog *activity() { return &log; }
    // A callback that records `change` (and the `kubectl` command that does the same) in the
    // activity log now, and its outcome when the call answers, before handing over to `then`.
    ApiClient::Callback logged(const QString &change, const QString &kubectl,
                               ApiClient::Callback then = {});

    // Applies `plan` (dry run first, rolled back on failure) as one activity entry named
    // `change`, with the kubectl commands that do the same; `done` hears how it ended. The
    // returned apply, owned by the session until it ends, can be cancelled.
    BootstrapApply *applyPlan(const std::vector<PlannedObject> &plan, const QString &change,
                              std::function<void(bool ok, const QString &why)> done);

    // The watch cache of `path` (e.g. /api/v1/namespaces/kube-system/secrets), started on first
    // use and shared; null without a client. With a digest, a cache of the objects' digests,
    // shared with those who ask for the same.
    ResourceStore *store(const QString &path, Digest digest = nullptr);
    // The RBAC of the cluster, indexed for questions, over the four RBAC stores (started on first
    // use); null without a client.
    RbacIndex *rbac();
    // Whether the caches of all `paths` have had their first list: a judgement made from them
    // before then would be wrong, not merely late.
    bool allSynced(const QStringList &paths);

public Q_SLOTS:
    // Connects again to the active context: a new client, fresh caches.
    void reconnect();

Q_SIGNALS:
    void stateChanged();
    // The client and every store were replaced (a context switch, a reconnect): anything that
    // holds one must fetch it again.
    void sessionReplaced();

private:
    void setState(State state, const QString &error = {});

    KubeconfigStore *kubeconfigs;
    ActivityLog log;
    QString contextName;
    // What the context connected with (its cluster and user, files read in), hashed: a reload
    // that rewrote any of it (a refreshed token, a rotated certificate) reconnects.
    QByteArray connectedWith;
    std::shared_ptr<ApiClient> api; // shared with the operations that must outlive a reconnect
    std::map<std::pair<QString, quintptr>, std::unique_ptr<ResourceStore>> stores;
    std::unique_ptr<RbacIndex> rbacIndex; // over `stores`, dropped with them
    State current = State::NoContext;
    QString failure;
    Identity who;
    QString version;
    quint64 attempt = 0; // answers for an earlier connection are ignored
};

} // namespace kubestrap
