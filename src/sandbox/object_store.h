#pragma once

#include <QJsonObject>
#include <QString>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace kubestrap::sandbox {

// A change to a stored object, as a watch reports it.
struct WatchEvent {
    qint64 resourceVersion = 0;
    QString type;     // ADDED, MODIFIED, DELETED
    QString resource; // "v1/secrets"
    QString namespaceName;
    QJsonObject object;
};

// Every object the sandbox holds, keyed by resource, namespace and name, under one cluster-wide
// resourceVersion counter as etcd gives the real API server. Keeps the recent changes so watches
// can resume; a watch from before them is "too old" (410 Gone). Thread-safe.
class ObjectStore {
public:
    explicit ObjectStore(size_t retainedEvents = 10000) : retainedEvents(retainedEvents) {}

    std::optional<QJsonObject> get(const QString &resource, const QString &namespaceName,
                                   const QString &name) const;
    // Where a page of a list ended: the namespace and name of its last object.
    struct Position {
        QString namespaceName;
        QString name;
    };
    // Objects in name order (namespace, then name); an empty namespace means all of them. With
    // `after`, only those that come after it, for the next page of a list.
    std::vector<QJsonObject> list(const QString &resource, const QString &namespaceName,
                                  const std::optional<Position> &after = std::nullopt) const;
    qint64 resourceVersion() const;

    // Stores `object` (its metadata.resourceVersion is set here) and records the event. `type`
    // is ADDED or MODIFIED; the caller has checked existence and conflicts under lock().
    QJsonObject put(const QString &resource, const QString &namespaceName, const QString &name,
                    QJsonObject object, const QString &type);
    std::optional<QJsonObject> remove(const QString &resource, const QString &namespaceName,
                                      const QString &name);

    // The events after `resourceVersion` for `resource` (and `namespaceName` unless empty), or
    // nothing when that version is older than what is retained.
    std::optional<std::vector<WatchEvent>> eventsAfter(qint64 resourceVersion,
                                                       const QString &resource,
                                                       const QString &namespaceName) const;
    // Whether the changes since `resourceVersion` are forgotten, as etcd forgets them after a
    // compaction: a watch or a continued list from there can no longer be answered.
    bool compacted(qint64 resourceVersion) const;
    // Blocks until an event newer than `resourceVersion` exists, `timeout` passes or stop().
    void waitForChange(qint64 resourceVersion, std::chrono::milliseconds timeout) const;
    void stop();
    bool stopped() const;

    // Everything held, with the counter, as one JSON document; and the reverse, for --state.
    // A restored store keeps no change history: watches resume from after the restore.
    QJsonObject snapshot() const;
    void restore(const QJsonObject &snapshot);
    bool isEmpty() const;

    // Serialises check-then-write sequences (create if absent, update if unchanged).
    std::unique_lock<std::recursive_mutex> lock() const { return std::unique_lock(mutex); }

private:
    static QString keyOf(const QString &resource, const QString &namespaceName,
                         const QString &name);

    mutable std::recursive_mutex mutex;
    mutable std::condition_variable_any changed;
    std::map<QString, QJsonObject> objects;
    std::deque<WatchEvent> events;
    size_t retainedEvents;
    qint64 counter = 1;
    qint64 restoredAt = 0; // no history before this: older watches are "too old"
    bool stopping = false;
};

} // namespace kubestrap::sandbox
