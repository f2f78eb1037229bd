#include "resource_store.h"

#include <QRandomGenerator>

#include <set>

namespace kubestrap {

ResourceStore::ResourceStore(ApiClient *client, QString path, QObject *parent)
    : QObject(parent), client(client), path(std::move(path))
{
    retry.setSingleShot(true);
    connect(&retry, &QTimer::timeout, this, [this] {
        // After a failure the cache may have missed anything: resume if the version still
        // holds, or the watch's 410 leads to a relist.
        if (version.isEmpty())
            relist();
        else
            watchFrom(version);
    });
}

ResourceStore::~ResourceStore()
{
    stop();
}

QString ResourceStore::keyOf(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    return metadata.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
           + metadata.value(QStringLiteral("name")).toString();
}

void ResourceStore::start()
{
    if (running)
        return;
    running = true;
    relist();
}

void ResourceStore::stop()
{
    running = false;
    ++generation;
    retry.stop();
    if (watchId)
        client->cancel(watchId);
    watchId = 0;
}

void ResourceStore::relist()
{
    const quint64 mine = ++generation;
    // Each page is applied as it arrives, so the first rows show while later pages load; what
    // the list did not return is deleted once it is complete. A page equal to what the store
    // holds announces nothing.
    auto seen = std::make_shared<std::set<QString>>();
    client->list(
        path,
        [this, mine, seen](const QJsonArray &items) {
            if (mine != generation || !running)
                return;
            for (const QJsonValue &item : items) {
                const QJsonObject object = item.toObject();
                const QString key = keyOf(object);
                seen->insert(key);
                upsert(key, object);
            }
        },
        [this, mine, seen](const QString &listVersion, const ApiFailure *failure) {
            if (mine != generation || !running)
                return;
            if (failure)
                return retryLater(*failure);
            for (auto it = cache.begin(); it != cache.end();) {
                if (!seen->count(it->first)) {
                    const auto gone = *it;
                    it = cache.erase(it);
                    Q_EMIT deleted(gone.first, gone.second);
                } else {
                    ++it;
                }
            }
            version = listVersion;
            backoff = std::chrono::milliseconds(800);
            if (!synced) {
                synced = true;
                Q_EMIT syncedChanged(true);
            }
            watchFrom(version);
        });
}

void ResourceStore::watchFrom(const QString &fromVersion)
{
    const quint64 mine = ++generation;
    // A randomised timeout spreads reconnects out, as client-go does.
    const auto timeout = std::chrono::seconds(300 + QRandomGenerator::global()->bounded(300));
    watchId = client->watch(
        path, fromVersion,
        [this, mine](const QString &type, const QJsonObject &object) {
            if (mine == generation && running)
                apply(type, object);
        },
        [this, mine](const ApiFailure *failure) {
            if (mine != generation || !running)
                return;
            watchId = 0;
            if (failure)
                return retryLater(*failure);
            watchFrom(version); // the server ended the watch: resume where it stopped
        },
        timeout);
}

void ResourceStore::apply(const QString &type, const QJsonObject &object)
{
    if (type == QLatin1String("ERROR")) {
        // 410 Gone: the version is older than the server keeps. Start over from a list.
        if (object.value(QStringLiteral("code")).toInt() == 410) {
            version.clear();
            ++generation;
            if (watchId)
                client->cancel(watchId);
            watchId = 0;
            relist();
        } else {
            Q_EMIT trouble(object.value(QStringLiteral("message")).toString());
        }
        return;
    }
    const QString objectVersion = object.value(QStringLiteral("metadata"))
                                      .toObject()
                                      .value(QStringLiteral("resourceVersion"))
                                      .toString();
    if (!objectVersion.isEmpty())
        version = objectVersion;
    if (type == QLatin1String("BOOKMARK"))
        return;
    const QString key = keyOf(object);
    if (type == QLatin1String("DELETED")) {
        if (cache.erase(key))
            Q_EMIT deleted(key, object);
        return;
    }
    upsert(key, object);
}

void ResourceStore::upsert(const QString &key, const QJsonObject &object)
{
    const auto existing = cache.find(key);
    if (existing == cache.end()) {
        cache.emplace(key, object);
        Q_EMIT added(key, object);
    } else if (existing->second != object) {
        existing->second = object;
        Q_EMIT modified(key, object);
    }
}

void ResourceStore::retryLater(const ApiFailure &failure)
{
    Q_EMIT trouble(failure.message);
    const auto jitter = std::chrono::milliseconds(
        QRandomGenerator::global()->bounded(int(backoff.count() / 2) + 1));
    retry.start(backoff + jitter);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(30000));
}

} // namespace kubestrap
