#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>

namespace kubestrap {
class ApiClient;
}

namespace kubestrap::test {

class TestCluster;

// The objects the benchmarks list by the thousand, and how they get onto the cluster.
struct BenchKind {
    QString name;     // as kubectl names it: rolebindings, secrets, configmaps
    QString resource; // as the sandbox's state names it
    QString path;     // every namespace's
    // The i-th object, in namespace `ns`.
    std::function<QJsonObject(int i, const QString &ns)> make;
};

// rolebindings (two subjects, to ClusterRole view), secrets (bootstrap tokens, in kube-system
// whatever `ns` says) or configmaps (10 KB of settings).
BenchKind benchKind(const QString &name);

// Puts `count` objects of `kind` on `cluster`, over 100 namespaces: into a stopped sandbox's saved
// state, far faster than one request at a time; on a real cluster through the API, 32 requests
// at a time, into namespaces of the run's own that the cluster deletes at the end. Progress goes
// to stdout; false with `error` set when it fails.
bool fillCluster(TestCluster &cluster, const BenchKind &kind, int count, QString *error);

// Creates `count` objects (`make(i)` for the i-th) in `collection` through `client`, 32 requests
// in flight at a time, printing progress; false with `error` set on the first failure.
bool createObjects(ApiClient &client, const QString &collection, int count,
                   const std::function<QJsonObject(int i)> &make, QString *error);

// The time the server takes to send one unpaged list of `path` (as `curl` would fetch it: the
// bytes, not decoded), in milliseconds, the median of `rounds`; -1 when it fails.
// With `accept`, in another encoding (protobuf, say); the size of the answer in `bytes`.
qint64 serverListTime(ApiClient &client, const QString &path, int rounds = 3,
                      const QByteArray &accept = "application/json", qsizetype *bytes = nullptr);

} // namespace kubestrap::test
