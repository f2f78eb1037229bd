#pragma once

#include "api_client.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <map>
#include <optional>

namespace kubestrap {

// What changed in a store at once: a page of a list, or the watch events read together. Each
// vector is in key order.
struct StoreChanges {
    std::vector<DecodedObject> added;
    std::vector<DecodedObject> modified;
    QStringList deleted;

    bool isEmpty() const { return added.empty() && modified.empty() && deleted.isEmpty(); }
};

// A cache of one kind of object (one API path, e.g. /api/v1/namespaces/kube-system/secrets) kept
// equal to the server in the manner of client-go's reflector: list in pages of 500 (one full
// list when a continue token has expired), watch from the list's resourceVersion with bookmarks
// and a randomised 5–10 minute timeout, resume a watch that ends, relist when the server says
// the version is gone (410, as an event or as the HTTP status), and back off from 0.8 s to 30 s
// with jitter when it cannot be reached, when a watch ends at once with nothing to say, or on an
// ERROR event; a watch that did its work resets the backoff. The first list shows each page as
// it comes; a relist is staged and diffed against the cache once complete, so listeners see only
// real additions, changes and removals, and a relist that fails part-way changes nothing.
//
// Watch events are taken in at most every 100 ms: a change after a quiet spell at once, and under
// a storm (a thousand events a second) everything that came meanwhile as one change, so views
// update ten times a second in ranges rather than a thousand times a row at a time.
//
// Objects are indexed by "namespace/name" and kept as compact JSON without managedFields (about
// 430 bytes for a RoleBinding, against 3 KB as a QJsonObject); object() decodes one on demand.
class ResourceStore : public QObject {
    Q_OBJECT

public:
    // With a digest, the store keeps each object's digest, not the object (see Digest).
    ResourceStore(ApiClient *client, QString path, QObject *parent = nullptr,
                  Digest digest = nullptr);
    ~ResourceStore() override;

    void start();
    void stop();

    bool hasSynced() const { return synced; }
    // How long a watch may stay silent (not even a bookmark, which the server sends about once a
    // minute) before it is taken for a dead connection and started again.
    void setIdleTimeout(std::chrono::milliseconds timeout) { idleTimeout = timeout; }
    // Objects per page of a list (500, as client-go), for measuring others.
    void setPageSize(int size) { pageSize = size; }
    QString resourceVersion() const { return version; }

    qsizetype size() const { return qsizetype(cache.size()); }
    bool contains(const QString &key) const { return cache.count(key) != 0; }
    QStringList keys() const;
    // The object under `key`, decoded; empty when the store does not hold it.
    QJsonObject object(const QString &key) const;
    // Every object, decoded, in key order.
    std::vector<QJsonObject> objects() const;
    // Calls `visit` with every object in key order, decoding each in turn.
    void
    forEach(const std::function<void(const QString &key, const QJsonObject &object)> &visit) const;

Q_SIGNALS:
    void changed(const kubestrap::StoreChanges &changes);
    void syncedChanged(bool synced);
    // A failure the store is recovering from (it retries); `message` says what is wrong.
    void trouble(const QString &message);

private:
    struct Entry {
        QByteArray json;
        QString resourceVersion;
    };

    // Lists everything again: in pages, or (after an expired continue token) at once.
    void relist(bool paged = true);
    // Cancels the current watch and ignores anything it still delivers.
    void endWatch();
    void endList();
    // The version is gone (410): forget it and list again.
    void startOver();
    void watchFrom(const QString &fromVersion);
    void retryLater(const ApiFailure &failure);
    // The objects one page or one watch burst touched: whether each was held before, and its
    // latest state.
    struct Touched {
        bool before = false;
        std::optional<DecodedObject> latest;
    };
    using Burst = std::map<QString, Touched>;

    void apply(const std::vector<ApiClient::WatchEvent> &events);
    // Takes in the watch events held back so far (see kCoalesce).
    void takeHeldEvents();
    void holdEvents(const std::vector<ApiClient::WatchEvent> &events);
    // Adds or replaces one object, noting only a real change (a new resourceVersion).
    void upsert(DecodedObject &&object, Burst &burst);
    void erase(const QString &key, Burst &burst);
    // Tells listeners the burst's net change.
    void announce(Burst &burst);

    ApiClient *client;
    QString path;
    Digest digest;
    std::map<QString, Entry> cache;
    QString version;
    bool synced = false;
    bool running = false;
    quint64 watchId = 0;
    quint64 listId = 0;     // the list in flight, cancelled by stop() or another list
    quint64 generation = 0; // a reply from an earlier list or watch is ignored
    QTimer retry;
    static constexpr std::chrono::milliseconds kFirstBackoff{800};
    static constexpr std::chrono::milliseconds kLastBackoff{30000};
    std::chrono::milliseconds backoff = kFirstBackoff;
    QElapsedTimer watchStarted;
    QTimer idle;
    std::chrono::milliseconds idleTimeout{150000};
    size_t watchEvents = 0; // in the current watch, bookmarks included
    static constexpr std::chrono::milliseconds kCoalesce{100};
    std::vector<ApiClient::WatchEvent> held;
    QTimer takeIn;
    QElapsedTimer lastTaken;
    int pageSize = 500;
};

} // namespace kubestrap
