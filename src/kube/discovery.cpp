#include "discovery.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSet>

#include <memory>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::Discovery", text);
}

// The resources of one APIResourceList, without subresources ("pods/log").
std::vector<ServedResource> resourcesIn(const QJsonObject &list, const QString &group,
                                        const QString &version)
{
    std::vector<ServedResource> resources;
    for (const QJsonValue &value : list.value(QStringLiteral("resources")).toArray()) {
        const QJsonObject r = value.toObject();
        const QString name = r.value(QStringLiteral("name")).toString();
        if (name.isEmpty() || name.contains(QLatin1Char('/')))
            continue;
        QString singular = r.value(QStringLiteral("singularName")).toString();
        if (singular.isEmpty())
            singular = r.value(QStringLiteral("kind")).toString().toLower();
        QStringList shortNames;
        for (const QJsonValue &shortName : r.value(QStringLiteral("shortNames")).toArray())
            shortNames << shortName.toString();
        resources.push_back({group, version, name, singular, shortNames,
                             r.value(QStringLiteral("namespaced")).toBool()});
    }
    return resources;
}

// The group lists being read, each kept in its /apis place; the last to answer hands them over.
struct ServedRead {
    std::vector<std::vector<ServedResource>> lists;
    int pending = 0;
    std::function<void(const Result<std::vector<ServedResource>> &)> done;

    void finished()
    {
        if (--pending > 0)
            return;
        std::vector<ServedResource> all;
        for (auto &list : lists)
            all.insert(all.end(), list.begin(), list.end());
        done(all);
    }
};

} // namespace

const QList<QPair<QString, QString>> &neededApis()
{
    static const QList<QPair<QString, QString>> apis{
        {QStringLiteral("v1"), tr("tokens, cluster-info and every other core object")},
        {QStringLiteral("rbac.authorization.k8s.io/v1"),
         tr("roles, bindings and the bootstrap RBAC")},
        {QStringLiteral("certificates.k8s.io/v1"), tr("certificate requests")},
        {QStringLiteral("authorization.k8s.io/v1"), tr("permission checks (can-i, the doctor)")},
    };
    return apis;
}

void discoverServerApis(ApiClient &client, std::function<void(const Result<ServerApis> &)> done)
{
    // Three reads one after the other; the first failure ends it.
    auto result = std::make_shared<ServerApis>();
    auto served = std::make_shared<QSet<QString>>();
    const auto finish = [result, served, done] {
        for (const auto &[groupVersion, needs] : neededApis()) {
            if (!served->contains(groupVersion))
                result->missing.append({groupVersion, needs});
        }
        done(*result);
    };
    const auto failed = [done](const ApiFailure *failure) {
        done(fail(tr("cannot read what the server serves: %1").arg(failure->message),
                  failure->reason));
    };
    client.get(QStringLiteral("/version"), [&client, result, served, finish,
                                            failed](const QJsonObject &version,
                                                    const ApiFailure *failure) {
        if (failure)
            return failed(failure);
        result->gitVersion = version.value(QStringLiteral("gitVersion")).toString();
        client.get(QStringLiteral("/api"), [&client, served, finish, failed](
                                               const QJsonObject &core, const ApiFailure *failure) {
            if (failure)
                return failed(failure);
            for (const QJsonValue &version : core.value(QStringLiteral("versions")).toArray())
                served->insert(version.toString());
            client.get(QStringLiteral("/apis"), [served, finish,
                                                 failed](const QJsonObject &groups,
                                                         const ApiFailure *failure) {
                if (failure)
                    return failed(failure);
                for (const QJsonValue &group : groups.value(QStringLiteral("groups")).toArray()) {
                    for (const QJsonValue &version :
                         group.toObject().value(QStringLiteral("versions")).toArray())
                        served->insert(
                            version.toObject().value(QStringLiteral("groupVersion")).toString());
                }
                finish();
            });
        });
    });
}

void readServedResources(ApiClient &client,
                         std::function<void(const Result<std::vector<ServedResource>> &)> done)
{
    const auto failed = [done](const ApiFailure *failure) {
        done(fail(tr("cannot read what the server serves: %1").arg(failure->message),
                  failure->reason));
    };
    client.get(QStringLiteral("/api/v1"), [&client, done, failed](const QJsonObject &core,
                                                                  const ApiFailure *failure) {
        if (failure)
            return failed(failure);
        auto read = std::make_shared<ServedRead>();
        read->done = done;
        read->lists.push_back(resourcesIn(core, {}, QStringLiteral("v1")));
        client.get(QStringLiteral("/apis"), [&client, read, failed](const QJsonObject &groups,
                                                                    const ApiFailure *failure) {
            if (failure)
                return failed(failure);
            read->pending = 1; // held until every group's read has been sent
            for (const QJsonValue &value : groups.value(QStringLiteral("groups")).toArray()) {
                const QJsonObject group = value.toObject();
                const QString name = group.value(QStringLiteral("name")).toString();
                const QString version = group.value(QStringLiteral("preferredVersion"))
                                            .toObject()
                                            .value(QStringLiteral("version"))
                                            .toString();
                if (name.isEmpty() || version.isEmpty())
                    continue;
                const size_t slot = read->lists.size();
                read->lists.emplace_back();
                ++read->pending;
                client.get(QStringLiteral("/apis/%1/%2").arg(name, version),
                           [read, slot, name, version](const QJsonObject &list,
                                                       const ApiFailure *failure) {
                               if (!failure)
                                   read->lists[slot] = resourcesIn(list, name, version);
                               read->finished();
                           });
            }
            read->finished();
        });
    });
}

} // namespace kubestrap
