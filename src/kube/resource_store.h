#pragma once

#include "api_client.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <map>

namespace kubestrap {

// A cache of one kind of object (one API path, e.g. /api/v1/namespaces/kube-system/secrets) kept
// equal to the server in the manner of client-go's informer: list in pages of 500, watch from the
// list's resourceVersion with bookmarks and a randomised 5–10 minute timeout, resume a watch that
// ends, relist when the server says the version is gone (410), and back off from 0.8 s to 30 s
// with jitter when it cannot be reached. A relist is diffed against the cache, so listeners see
// only real additions, changes and removals. Objects are keyed "namespace/name".
class ResourceStore : public QObject {
    Q_OBJECT

public:
    ResourceStore(ApiClient *client, QString path, QObject *parent = nullptr);
    ~ResourceStore() override;

    void start();
    void stop();

    bool hasSynced() const { return synced; }
    QString resourceVersion() const { return version; }
    const std::map<QString, QJsonObject> &objects() const { return cache; }

    static QString keyOf(const QJsonObject &object);

Q_SIGNALS:
    void added(const QString &key, const QJsonObject &object);
    void modified(const QString &key, const QJsonObject &object);
    void deleted(const QString &key, const QJsonObject &object);
    void syncedChanged(bool synced);
    // A failure the store is recovering from (it retries); `message` says what is wrong.
    void trouble(const QString &message);

private:
    void relist();
    void watchFrom(const QString &fromVersion);
    void retryLater(const ApiFailure &failure);
    void apply(const QString &type, const QJsonObject &object);
    // Adds or replaces one object, announcing only a real change.
    void upsert(const QString &key, const QJsonObject &object);

    ApiClient *client;
    QString path;
    std::map<QString, QJsonObject> cache;
    QString version;
    bool synced = false;
    bool running = false;
    quint64 watchId = 0;
    quint64 generation = 0; // a reply from an earlier list or watch is ignored
    QTimer retry;
    std::chrono::milliseconds backoff{800};
};

} // namespace kubestrap
