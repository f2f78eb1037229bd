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

} // namespace kubestrap
