#include "resource_store.h"

#include <QJsonDocument>
#include <QRandomGenerator>

#include <set>

namespace kubestrap {

ResourceStore::ResourceStore(ApiClient *client, QString path, QObject *parent, Digest digest)
    : QObject(parent), client(client), path(std::move(path)), digest(digest)
{
    retry.setSingleShot(true);
    idle.setSingleShot(true);
    takeIn.setSingleShot(true);
    connect(&takeIn, &QTimer::timeout, this, &ResourceStore::takeHeldEvents);
    connect(&idle, &QTimer::timeout, this, [this] {
        // Silent for longer than bookmarks allow: the connection is dead without knowing it (a
        // VPN that dropped, a NAT that forgot it). Start again from the last version seen.
        takeHeldEvents();
        endWatch();
        Q_EMIT trouble(tr("the watch went silent; reconnecting"));
        watchFrom(version);
    });
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

QStringList ResourceStore::keys() const
{
    QStringList keys;
    keys.reserve(size());
    for (const auto &entry : cache)
        keys << entry.first;
    return keys;
}

QJsonObject ResourceStore::object(const QString &key) const
{
    const auto it = cache.find(key);
    return it == cache.end() ? QJsonObject() : QJsonDocument::fromJson(it->second.json).object();
}

std::vector<QJsonObject> ResourceStore::objects() const
{
    std::vector<QJsonObject> all;
    all.reserve(cache.size());
    forEach([&all](const QString &, const QJsonObject &object) { all.push_back(object); });
    return all;
}

void ResourceStore::forEach(
    const std::function<void(const QString &key, const QJsonObject &object)> &visit) const
{
    for (const auto &[key, entry] : cache)
        visit(key, QJsonDocument::fromJson(entry.json).object());
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
    retry.stop();
    idle.stop();
    takeIn.stop();
    held.clear();
    endWatch();
    endList();
}

void ResourceStore::relist(bool paged)
{
    const quint64 mine = ++generation; // what an earlier list still says is ignored
    endList();
    // The first list applies each page as it arrives, so the first rows show while later pages
    // load. A relist is staged and swapped in once complete, diffed against the cache, so a
    // relist that fails part-way changes nothing and listeners see only real changes.
    const bool progressive = !synced;
    auto seen = std::make_shared<std::set<QString>>();                  // progressive
    auto staged = std::make_shared<std::map<QString, DecodedObject>>(); // otherwise
    listId = client->list(
        path,
        [this, mine, seen, staged, progressive](std::vector<DecodedObject> &items) {
            if (mine != generation || !running)
                return;
            Burst burst;
            for (DecodedObject &item : items) {
                if (!progressive) {
                    QString key = item.key;
                    staged->insert_or_assign(std::move(key), std::move(item));
                    continue;
                }
                seen->insert(item.key);
                upsert(std::move(item), burst);
            }
            announce(burst);
        },
        [this, mine, seen, staged, paged](const QString &listVersion, const ApiFailure *failure) {
            if (mine != generation || !running)
                return;
            listId = 0;
            // As client-go: a continue token the server no longer honours (410 Expired after a
            // compaction) is followed by one full list, not by paging again from the start.
            if (failure && failure->httpStatus == 410 && paged)
                return relist(false);
            if (failure)
                return retryLater(*failure);
            Burst burst;
            for (const QString &key : keys()) {
                if (!seen->count(key) && !staged->count(key))
                    erase(key, burst);
            }
            for (auto &[key, item] : *staged)
                upsert(std::move(item), burst);
            announce(burst);
            version = listVersion;
            if (!synced) {
                synced = true;
                Q_EMIT syncedChanged(true);
            }
            watchFrom(version);
        },
        paged ? pageSize : 0, digest);
}

void ResourceStore::watchFrom(const QString &fromVersion)
{
    const quint64 mine = ++generation;
    // A randomised timeout spreads reconnects out, as client-go does.
    const auto timeout = std::chrono::seconds(300 + QRandomGenerator::global()->bounded(300));
    watchStarted.start();
    watchEvents = 0;
    idle.start(idleTimeout);
    watchId = client->watch(
        path, fromVersion,
        [this, mine](const std::vector<ApiClient::WatchEvent> &events) {
            if (mine == generation && running) {
                idle.start(idleTimeout);
                watchEvents += events.size();
                holdEvents(events);
            }
        },
        [this, mine](const ApiFailure *failure) {
            if (mine != generation || !running)
                return;
            watchId = 0;
            idle.stop();
            // What came before the end counts; the version to resume from is its last.
            takeHeldEvents();
            if (mine != generation || !running)
                return; // one of them said to start over
            // 410 as the HTTP status, not as an event: the version is gone all the same.
            if (failure && failure->httpStatus == 410)
                return startOver();
            if (failure)
                return retryLater(*failure);
            // As client-go's reflector: a watch that ended at once with nothing to say is a
            // server in trouble, so wait before the next; one that did its work resets the
            // backoff.
            if (watchEvents == 0 && watchStarted.elapsed() < 1000)
                return retryLater(ApiFailure{
                    ApiFailure::Kind::Other, 0, tr("the server ends every watch at once"), {}});
            backoff = kFirstBackoff;
            watchFrom(version); // the server ended the watch: resume where it stopped
        },
        timeout, digest);
}

void ResourceStore::endWatch()
{
    ++generation; // what the watch still says is ignored
    if (watchId)
        client->cancel(watchId);
    watchId = 0;
}

void ResourceStore::endList()
{
    if (listId)
        client->cancel(std::exchange(listId, 0));
}

void ResourceStore::startOver()
{
    takeIn.stop();
    held.clear(); // the relist brings whatever they said
    version.clear();
    endWatch();
    relist();
}

void ResourceStore::holdEvents(const std::vector<ApiClient::WatchEvent> &events)
{
    held.insert(held.end(), events.begin(), events.end());
    if (takeIn.isActive())
        return;
    const qint64 since = lastTaken.isValid() ? lastTaken.elapsed() : kCoalesce.count();
    if (since >= kCoalesce.count())
        return takeHeldEvents();
    takeIn.start(std::chrono::milliseconds(kCoalesce.count() - since));
}

void ResourceStore::takeHeldEvents()
{
    takeIn.stop();
    if (held.empty())
        return;
    lastTaken.start();
    apply(std::exchange(held, {}));
}

void ResourceStore::apply(const std::vector<ApiClient::WatchEvent> &events)
{
    Burst burst;
    for (const auto &[type, object] : events) {
        if (type == QLatin1String("ERROR")) {
            announce(burst);
            // 410 Gone: the version is older than the server keeps. Start over from a list.
            if (object.value(QStringLiteral("code")).toInt() == 410)
                return startOver();
            // Any other error ends this watch, as in client-go: resume after a pause, from the
            // last version seen.
            endWatch();
            return retryLater(ApiFailure{ApiFailure::Kind::Other,
                                         object.value(QStringLiteral("code")).toInt(),
                                         object.value(QStringLiteral("message")).toString(),
                                         {}});
        }
        DecodedObject decoded = decodeObject(object, digest);
        if (!decoded.resourceVersion.isEmpty())
            version = decoded.resourceVersion;
        if (type == QLatin1String("BOOKMARK"))
            continue;
        if (type == QLatin1String("DELETED")) {
            erase(decoded.key, burst);
            continue;
        }
        upsert(std::move(decoded), burst);
    }
    announce(burst);
}

void ResourceStore::upsert(DecodedObject &&object, Burst &burst)
{
    const auto existing = cache.find(object.key);
    if (existing != cache.end() && existing->second.resourceVersion == object.resourceVersion
        && !object.resourceVersion.isEmpty())
        return; // the same version: nothing changed
    Touched &touched =
        burst.try_emplace(object.key, Touched{existing != cache.end(), {}}).first->second;
    if (existing == cache.end())
        cache.emplace(object.key, Entry{object.json, object.resourceVersion});
    else
        existing->second = Entry{object.json, object.resourceVersion};
    touched.latest = std::move(object);
}

void ResourceStore::erase(const QString &key, Burst &burst)
{
    const auto existing = cache.find(key);
    if (existing == cache.end())
        return;
    burst.try_emplace(key, Touched{true, {}});
    cache.erase(existing);
}

void ResourceStore::announce(Burst &burst)
{
    // A burst may touch one object more than once (added, changed, deleted, added again):
    // listeners get its net change, once, in key order.
    StoreChanges changes;
    for (auto &[key, touched] : burst) {
        const bool after = cache.count(key) != 0;
        if (touched.before && !after)
            changes.deleted << key;
        else if (after && touched.latest)
            (touched.before ? changes.modified : changes.added)
                .push_back(std::move(*touched.latest));
    }
    burst.clear();
    if (!changes.isEmpty())
        Q_EMIT changed(changes);
}

void ResourceStore::retryLater(const ApiFailure &failure)
{
    Q_EMIT trouble(failure.message);
    const auto jitter = std::chrono::milliseconds(
        QRandomGenerator::global()->bounded(int(backoff.count() / 2) + 1));
    retry.start(backoff + jitter);
    backoff = std::min(backoff * 2, kLastBackoff);
}

} // namespace kubestrap
