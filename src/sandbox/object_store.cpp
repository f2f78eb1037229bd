#include "object_store.h"

#include <QJsonArray>

namespace kubestrap::sandbox {

QString ObjectStore::keyOf(const QString &resource, const QString &namespaceName,
                           const QString &name)
{
    // '\x1f' cannot appear in names, so keys sort by resource, namespace, then name.
    return resource + QChar(0x1f) + namespaceName + QChar(0x1f) + name;
}

std::optional<QJsonObject> ObjectStore::get(const QString &resource, const QString &namespaceName,
                                            const QString &name) const
{
    const std::lock_guard guard(mutex);
    const auto it = objects.find(keyOf(resource, namespaceName, name));
    if (it == objects.end())
        return std::nullopt;
    return it->second;
}

std::vector<QJsonObject> ObjectStore::list(const QString &resource, const QString &namespaceName,
                                           const std::optional<Position> &after) const
{
    const std::lock_guard guard(mutex);
    const QString prefix = namespaceName.isEmpty() ? resource + QChar(0x1f)
                                                   : keyOf(resource, namespaceName, QString());
    // A later page starts where the last one ended, not from the beginning: a list of 100,000 in
    // pages of 500 would otherwise step over 2.5 million objects it does not send.
    auto it = after ? objects.upper_bound(keyOf(resource, after->namespaceName, after->name))
                    : objects.lower_bound(prefix);
    std::vector<QJsonObject> found;
    for (; it != objects.end() && it->first.startsWith(prefix); ++it)
        found.push_back(it->second);
    return found;
}

qint64 ObjectStore::resourceVersion() const
{
    const std::lock_guard guard(mutex);
    return counter;
}

QJsonObject ObjectStore::put(const QString &resource, const QString &namespaceName,
                             const QString &name, QJsonObject object, const QString &type)
{
    const std::lock_guard guard(mutex);
    QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    // A write that changes nothing is no change, as in kube-apiserver: the version stays, no
    // event is sent, and a later write with that version still succeeds.
    if (const auto it = objects.find(keyOf(resource, namespaceName, name));
        it != objects.end() && type == QLatin1String("MODIFIED")) {
        metadata.insert(QStringLiteral("resourceVersion"),
                        it->second.value(QStringLiteral("metadata"))
                            .toObject()
                            .value(QStringLiteral("resourceVersion")));
        object.insert(QStringLiteral("metadata"), metadata);
        if (object == it->second)
            return object;
    }
    const qint64 version = ++counter;
    metadata.insert(QStringLiteral("resourceVersion"), QString::number(version));
    object.insert(QStringLiteral("metadata"), metadata);
    objects.insert_or_assign(keyOf(resource, namespaceName, name), object);
    events.push_back({version, type, resource, namespaceName, object});
    if (events.size() > retainedEvents)
        events.pop_front();
    changed.notify_all();
    return object;
}

std::optional<QJsonObject> ObjectStore::remove(const QString &resource,
                                               const QString &namespaceName, const QString &name)
{
    const std::lock_guard guard(mutex);
    const auto it = objects.find(keyOf(resource, namespaceName, name));
    if (it == objects.end())
        return std::nullopt;
    QJsonObject object = it->second;
    objects.erase(it);
    // A deletion is a change too: it gets the next version, and the watch sees the last state.
    const qint64 version = ++counter;
    QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("resourceVersion"), QString::number(version));
    object.insert(QStringLiteral("metadata"), metadata);
    events.push_back({version, QStringLiteral("DELETED"), resource, namespaceName, object});
    if (events.size() > retainedEvents)
        events.pop_front();
    changed.notify_all();
    return object;
}

std::optional<std::vector<WatchEvent>> ObjectStore::eventsAfter(qint64 resourceVersion,
                                                                const QString &resource,
                                                                const QString &namespaceName) const
{
    const std::lock_guard guard(mutex);
    if (compacted(resourceVersion))
        return std::nullopt;
    std::vector<WatchEvent> found;
    for (const WatchEvent &event : events) {
        if (event.resourceVersion > resourceVersion && event.resource == resource
            && (namespaceName.isEmpty() || event.namespaceName == namespaceName))
            found.push_back(event);
    }
    return found;
}

bool ObjectStore::compacted(qint64 resourceVersion) const
{
    const std::lock_guard guard(mutex);
    return resourceVersion < restoredAt
           || (!events.empty() && resourceVersion < events.front().resourceVersion - 1);
}

void ObjectStore::waitForChange(qint64 resourceVersion, std::chrono::milliseconds timeout) const
{
    std::unique_lock guard(mutex);
    changed.wait_for(guard, timeout, [&] { return stopping || counter > resourceVersion; });
}

void ObjectStore::stop()
{
    const std::lock_guard guard(mutex);
    stopping = true;
    changed.notify_all();
}

bool ObjectStore::stopped() const
{
    const std::lock_guard guard(mutex);
    return stopping;
}

QJsonObject ObjectStore::snapshot() const
{
    const std::lock_guard guard(mutex);
    QJsonArray items;
    for (const auto &[key, object] : objects) {
        const QStringList parts = key.split(QChar(0x1f));
        items.append(QJsonObject{{QStringLiteral("resource"), parts.value(0)},
                                 {QStringLiteral("namespace"), parts.value(1)},
                                 {QStringLiteral("object"), object}});
    }
    return {{QStringLiteral("resourceVersion"), QString::number(counter)},
            {QStringLiteral("objects"), items}};
}

void ObjectStore::restore(const QJsonObject &snapshot)
{
    const std::lock_guard guard(mutex);
    objects.clear();
    events.clear();
    for (const QJsonValue &value : snapshot.value(QStringLiteral("objects")).toArray()) {
        const QJsonObject item = value.toObject();
        const QJsonObject object = item.value(QStringLiteral("object")).toObject();
        const QString name = object.value(QStringLiteral("metadata"))
                                 .toObject()
                                 .value(QStringLiteral("name"))
                                 .toString();
        objects.insert_or_assign(keyOf(item.value(QStringLiteral("resource")).toString(),
                                       item.value(QStringLiteral("namespace")).toString(), name),
                                 object);
    }
    counter = std::max<qint64>(
        counter, snapshot.value(QStringLiteral("resourceVersion")).toString().toLongLong());
    restoredAt = counter;
}

bool ObjectStore::isEmpty() const
{
    const std::lock_guard guard(mutex);
    return objects.empty();
}

} // namespace kubestrap::sandbox
