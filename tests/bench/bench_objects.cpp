#include "bench_objects.h"

#include "api_client.h"
#include "bootstrap_token.h"
#include "cluster_client.h"
#include "object_meta.h"
#include "test_cluster.h"
#include "test_files.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>

namespace kubestrap::test {

namespace {

QJsonObject metadata(const QString &name, const QString &ns, int i, int uidGroup)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("namespace"), ns},
            {QStringLiteral("uid"), QStringLiteral("00000000-0000-0000-%1-%2")
                                        .arg(uidGroup, 4, 10, QLatin1Char('0'))
                                        .arg(i, 12, 10, QLatin1Char('0'))},
            {QStringLiteral("resourceVersion"), QStringLiteral("1")},
            {QStringLiteral("creationTimestamp"), QStringLiteral("2026-01-01T00:00:00Z")}};
}

QJsonObject binding(int i, const QString &ns)
{
    return {{QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
            {QStringLiteral("kind"), QStringLiteral("RoleBinding")},
            {QStringLiteral("metadata"), metadata(QStringLiteral("binding-%1").arg(i), ns, i, 0)},
            {QStringLiteral("roleRef"),
             QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                         {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                         {QStringLiteral("name"), QStringLiteral("view")}}},
            {QStringLiteral("subjects"),
             QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("User")},
                                    {QStringLiteral("apiGroup"),
                                     QStringLiteral("rbac.authorization.k8s.io")},
                                    {QStringLiteral("name"), QStringLiteral("user-%1").arg(i)}},
                        QJsonObject{{QStringLiteral("kind"), QStringLiteral("ServiceAccount")},
                                    {QStringLiteral("name"), QStringLiteral("default")},
                                    {QStringLiteral("namespace"), ns}}}}};
}

// A bootstrap token as kubeadm writes it, valid for a year.
QJsonObject tokenSecret(int i, const QString &)
{
    BootstrapToken token = *BootstrapToken::parse(
        QStringLiteral("%1.0123456789abcdef").arg(i, 6, 36, QLatin1Char('0')));
    token.description = QStringLiteral("benchmark token %1").arg(i);
    token.expiration = QDateTime::currentDateTimeUtc().addDays(365);
    QJsonObject secret = token.toSecret();
    QJsonObject meta = secret.value(QStringLiteral("metadata")).toObject();
    meta.insert(QStringLiteral("resourceVersion"), QStringLiteral("1"));
    meta.insert(QStringLiteral("creationTimestamp"), QStringLiteral("2026-01-01T00:00:00Z"));
    secret.insert(QStringLiteral("metadata"), meta);
    return secret;
}

// An application's settings of about 10 KB.
QJsonObject configMap(int i, const QString &ns)
{
    QString settings;
    for (int line = 0; settings.size() < 10 * 1024; ++line)
        settings +=
            QStringLiteral("option-%1: value %2 of ConfigMap %3\n").arg(line).arg(line * 7).arg(i);
    return {
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
        {QStringLiteral("metadata"), metadata(QStringLiteral("cm-%1-settings").arg(i), ns, i, 1)},
        {QStringLiteral("data"),
         QJsonObject{{QStringLiteral("settings.yaml"), settings},
                     {QStringLiteral("mode"), QStringLiteral("production")}}}};
}

constexpr int kNamespaces = 100;

// Into the saved state of a stopped sandbox.
bool fillSandbox(TestCluster &cluster, const BenchKind &kind, int count, QString *error)
{
    return cluster.restart(error, [&](const QString &stateFile) {
        QJsonObject state = QJsonDocument::fromJson(readFile(stateFile)).object();
        QJsonArray objects = state.value(QStringLiteral("objects")).toArray();
        for (int i = 0; i < count; ++i) {
            const QJsonObject object = kind.make(i, QStringLiteral("team-%1").arg(i % kNamespaces));
            objects.append(QJsonObject{{QStringLiteral("resource"), kind.resource},
                                       {QStringLiteral("namespace"), objectNamespace(object)},
                                       {QStringLiteral("object"), object}});
        }
        state.insert(QStringLiteral("objects"), objects);
        writeFile(stateFile, QJsonDocument(state).toJson(QJsonDocument::Compact));
    });
}

// Through the API, into namespaces of the run's own.
bool fillThroughApi(TestCluster &cluster, const BenchKind &kind, int count, QString *error)
{
    const auto client = clientFor(cluster.adminKubeconfig(), error);
    if (!client)
        return false;
    QStringList namespaces;
    for (int n = 0; n < kNamespaces; ++n) {
        namespaces << cluster.createNamespace(QStringLiteral("bench-team"));
        if (namespaces.last().isEmpty())
            return (*error = QStringLiteral("cannot create the namespaces")), false;
    }
    if (kind.name == QLatin1String("secrets"))
        cluster.deleteNewAtEnd(QStringLiteral("/api/v1/namespaces/kube-system/secrets"));
    // The collection is every namespace's path: each object goes to its own namespace's.
    return createObjects(
        *client, kind.path, count,
        [&](int i) {
            QJsonObject object = kind.make(i, namespaces[i % kNamespaces]);
            QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
            for (const char *serverSide : {"uid", "resourceVersion", "creationTimestamp"})
                meta.remove(QLatin1String(serverSide));
            object.insert(QStringLiteral("metadata"), meta);
            return object;
        },
        error);
}

// `collection` for the namespace of `object`, when `collection` is every namespace's.
QString collectionOf(const QString &collection, const QJsonObject &object)
{
    if (collection.contains(QLatin1String("/namespaces/")) || objectNamespace(object).isEmpty())
        return collection;
    return QStringLiteral("%1/namespaces/%2/%3")
        .arg(collection.section(QLatin1Char('/'), 0, -2), objectNamespace(object),
             collection.section(QLatin1Char('/'), -1));
}

} // namespace

BenchKind benchKind(const QString &name)
{
    if (name == QLatin1String("secrets"))
        return {name, QStringLiteral("v1/secrets"), QStringLiteral("/api/v1/secrets"), tokenSecret};
    if (name == QLatin1String("configmaps"))
        return {name, QStringLiteral("v1/configmaps"), QStringLiteral("/api/v1/configmaps"),
                configMap};
    return {QStringLiteral("rolebindings"),
            QStringLiteral("rbac.authorization.k8s.io/v1/rolebindings"),
            QStringLiteral("/apis/rbac.authorization.k8s.io/v1/rolebindings"), binding};
}

bool createObjects(ApiClient &client, const QString &collection, int count,
                   const std::function<QJsonObject(int i)> &make, QString *error)
{
    QElapsedTimer timer;
    timer.start();
    QEventLoop loop;
    int next = 0;
    int done = 0;
    QString failed;
    std::function<void()> createNext = [&] {
        if (next >= count)
            return;
        const QJsonObject object = make(next++);
        client.create(
            collectionOf(collection, object), object,
            [&](const QJsonObject &, const ApiFailure *failure) {
                if (failure && failure->kind != ApiFailure::Kind::AlreadyExists && failed.isEmpty())
                    failed = failure->message;
                if (++done % (std::max(count / 10, 1)) == 0)
                    std::printf("  %d of %d made, %lld ms\n", done, count, timer.elapsed());
                if (done == count)
                    loop.quit();
                else
                    createNext();
            });
    };
    for (int window = 0; window < 32; ++window)
        createNext();
    if (count > 0)
        loop.exec();
    if (!failed.isEmpty() && error)
        *error = failed;
    return failed.isEmpty();
}

bool fillCluster(TestCluster &cluster, const BenchKind &kind, int count, QString *error)
{
    return cluster.isSandbox() ? fillSandbox(cluster, kind, count, error)
                               : fillThroughApi(cluster, kind, count, error);
}

qint64 serverListTime(ApiClient &client, const QString &path, int rounds, const QByteArray &accept,
                      qsizetype *bytes)
{
    std::vector<qint64> times;
    for (int round = 0; round < rounds; ++round) {
        QEventLoop loop;
        QElapsedTimer timer;
        bool ok = false;
        timer.start();
        client.getRaw(
            path,
            [&](const QByteArray &answer, const ApiFailure *failure) {
                ok = !failure && !answer.isEmpty();
                if (bytes)
                    *bytes = answer.size();
                if (failure)
                    std::printf("the unpaged list failed: %s\n", qPrintable(failure->message));
                loop.quit();
            },
            accept);
        loop.exec();
        if (!ok)
            return -1;
        times.push_back(timer.elapsed());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace kubestrap::test
