// Listing many RoleBindings, bootstrap-token Secrets or ConfigMaps of 10 KB from a sandbox:
// kubectl's `get rolebindings|secrets|configmaps -A -o json` against Kubestrap's store and table
// on the same server (for ConfigMaps, a store of their digests, as the panel keeps).
// Reports the wall time of each, Kubestrap's time to its first rows, peak memory (each program's
// own, through GNU time) and the ratio, then sorting and filtering the table; asserts only that
// both listed everything.

#include "api_client.h"
#include "binding_table_model.h"
#include "bootstrap_token.h"
#include "cluster_client.h"
#include "configmap_summary.h"
#include "configmap_table_model.h"
#include "kubectl.h"
#include "object_meta.h"
#include "resource_proxy_model.h"
#include "resource_store.h"
#include "test_cluster.h"
#include "test_files.h"
#include "token_table_model.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>

#include <cstdio>

namespace {

using namespace kubestrap;

QString megabytes(long kilobytes)
{
    return kilobytes < 0 ? QStringLiteral("not measured (no /usr/bin/time)")
                         : QStringLiteral("%1 MB").arg(kilobytes / 1024);
}

QJsonObject binding(int i)
{
    const QString ns = QStringLiteral("team-%1").arg(i % 100);
    return {{QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
            {QStringLiteral("kind"), QStringLiteral("RoleBinding")},
            {QStringLiteral("metadata"),
             QJsonObject{
                 {QStringLiteral("name"), QStringLiteral("binding-%1").arg(i)},
                 {QStringLiteral("namespace"), ns},
                 {QStringLiteral("uid"),
                  QStringLiteral("00000000-0000-0000-0000-%1").arg(i, 12, 10, QLatin1Char('0'))},
                 {QStringLiteral("resourceVersion"), QStringLiteral("1")},
                 {QStringLiteral("creationTimestamp"), QStringLiteral("2026-01-01T00:00:00Z")}}},
            {QStringLiteral("roleRef"),
             QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                         {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                         {QStringLiteral("name"), QStringLiteral("view")}}},
            {QStringLiteral("subjects"),
             QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("User")},
                                    {QStringLiteral("name"), QStringLiteral("user-%1").arg(i)}},
                        QJsonObject{{QStringLiteral("kind"), QStringLiteral("ServiceAccount")},
                                    {QStringLiteral("name"), QStringLiteral("default")},
                                    {QStringLiteral("namespace"), ns}}}}};
}

// A bootstrap token as kubeadm writes it, valid for a year.
QJsonObject tokenSecret(int i)
{
    BootstrapToken token = *BootstrapToken::parse(
        QStringLiteral("%1.0123456789abcdef").arg(i, 6, 36, QLatin1Char('0')));
    token.description = QStringLiteral("benchmark token %1").arg(i);
    token.expiration = QDateTime::currentDateTimeUtc().addDays(365);
    QJsonObject secret = token.toSecret();
    QJsonObject metadata = secret.value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("resourceVersion"), QStringLiteral("1"));
    metadata.insert(QStringLiteral("creationTimestamp"), QStringLiteral("2026-01-01T00:00:00Z"));
    secret.insert(QStringLiteral("metadata"), metadata);
    return secret;
}

// An application's settings of about 10 KB.
QJsonObject configMap(int i)
{
    QString settings;
    for (int line = 0; settings.size() < 10 * 1024; ++line)
        settings +=
            QStringLiteral("option-%1: value %2 of ConfigMap %3\n").arg(line).arg(line * 7).arg(i);
    return {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
            {QStringLiteral("metadata"),
             QJsonObject{
                 {QStringLiteral("name"), QStringLiteral("cm-%1-settings").arg(i)},
                 {QStringLiteral("namespace"), QStringLiteral("team-%1").arg(i % 100)},
                 {QStringLiteral("uid"),
                  QStringLiteral("00000000-0000-0000-0001-%1").arg(i, 12, 10, QLatin1Char('0'))},
                 {QStringLiteral("resourceVersion"), QStringLiteral("1")},
                 {QStringLiteral("creationTimestamp"), QStringLiteral("2026-01-01T00:00:00Z")}}},
            {QStringLiteral("data"),
             QJsonObject{{QStringLiteral("settings.yaml"), settings},
                         {QStringLiteral("mode"), QStringLiteral("production")}}}};
}

struct Kind {
    QString resource; // as the sandbox's state names it
    QString path;     // every namespace's
    std::function<QJsonObject(int)> make;
    int searchColumn;
    std::function<QString(int)> needle; // what the search finds in one row only
};

Kind kindOf(const QString &name)
{
    if (name == QLatin1String("secrets"))
        return {QStringLiteral("v1/secrets"), QStringLiteral("/api/v1/secrets"), tokenSecret,
                TokenTableModel::Description, [](int i) {
                    return QString::number(i, 36).rightJustified(6, QLatin1Char('0'));
                }};
    if (name == QLatin1String("configmaps"))
        return {QStringLiteral("v1/configmaps"), QStringLiteral("/api/v1/configmaps"), configMap,
                ConfigMapTableModel::Name, [](int i) {
                    return QStringLiteral("CM-%1-").arg(i);
                }};
    return {QStringLiteral("rbac.authorization.k8s.io/v1/rolebindings"),
            QStringLiteral("/apis/rbac.authorization.k8s.io/v1/rolebindings"), binding,
            BindingTableModel::Subjects, [](int i) {
                return QStringLiteral("USER-%1,").arg(i);
            }};
}

// Adds `count` objects of `kind` to a stopped sandbox's saved state: far faster than creating
// them one request at a time, and the server serves them the same way.
void addObjects(const QString &stateFile, const QString &kind, int count)
{
    QJsonObject state = QJsonDocument::fromJson(test::readFile(stateFile)).object();
    QJsonArray objects = state.value(QStringLiteral("objects")).toArray();
    const Kind added = kindOf(kind);
    for (int i = 0; i < count; ++i) {
        const QJsonObject object = added.make(i);
        objects.append(QJsonObject{{QStringLiteral("resource"), added.resource},
                                   {QStringLiteral("namespace"), objectNamespace(object)},
                                   {QStringLiteral("object"), object}});
    }
    state.insert(QStringLiteral("objects"), objects);
    test::writeFile(stateFile, QJsonDocument(state).toJson(QJsonDocument::Compact));
}

// The table each kind is shown in, over a store of every namespace's objects.
std::unique_ptr<ResourceTableModel> tableFor(const QString &kind, ResourceStore *store)
{
    if (kind == QLatin1String("secrets"))
        return std::make_unique<TokenTableModel>(store);
    if (kind == QLatin1String("configmaps"))
        return std::make_unique<ConfigMapTableModel>(store);
    return std::make_unique<BindingTableModel>(store);
}

// Lists every object of `kind` into a store and its table, as the application does; prints the
// wall time, the time to the first rows, and sorting and filtering times.
int listObjects(QCoreApplication &app, const QString &kubeconfig, const QString &kind, int count)
{
    const auto client = test::clientFor(kubeconfig);
    if (!client)
        return 1;
    const Kind listed = kindOf(kind);
    const Digest digest = kind == QLatin1String("configmaps") ? &configmaps::digest : nullptr;
    // The first page alone, fetched and decoded (as the store decodes it) and then dropped: the
    // first rows can come no sooner than this.
    QElapsedTimer timer;
    timer.start();
    qint64 firstPage = -1;
    quint64 alone = 0;
    alone = client->list(
        listed.path,
        [&](std::vector<DecodedObject> &) {
            if (firstPage < 0)
                firstPage = timer.elapsed();
            client->cancel(alone);
        },
        [&](const QString &, const ApiFailure *) { app.quit(); }, 500, digest);
    app.exec();
    std::printf("the first page of 500 alone, fetched and decoded: %lld ms\n", firstPage);

    ResourceStore store(client.get(), listed.path, nullptr, digest);
    const auto table = tableFor(kind, &store);
    ResourceTableModel &model = *table;
    qint64 firstRows = -1;
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, [&] {
        if (firstRows < 0)
            firstRows = timer.elapsed();
    });
    QObject::connect(&store, &ResourceStore::syncedChanged, &app, &QCoreApplication::quit);
    timer.start();
    store.start();
    app.exec();
    const qint64 ours = timer.elapsed();
    std::printf("kubestrap store + table: %lld ms, first rows at %lld ms, %d rows\n", ours,
                firstRows, model.rowCount());

    // Sorting and searching as the panels do it (ResourceProxyModel), and for comparison through
    // a plain QSortFilterProxyModel on the generic roles.
    const int column = listed.searchColumn;
    const QString needle = listed.needle(std::min(4242, count - 1));
    ResourceProxyModel proxy(&model);
    timer.restart();
    proxy.sort(column, Qt::DescendingOrder);
    const qint64 sorted = timer.elapsed();
    timer.restart();
    proxy.setSearchText(needle);
    const qint64 filtered = timer.elapsed();
    std::printf("sort %d rows by one column: %lld ms; search every column: %lld ms, %d left\n",
                model.rowCount(), sorted, filtered, proxy.rowCount());

    QSortFilterProxyModel generic;
    generic.setSourceModel(&model);
    generic.setSortRole(ResourceTableModel::SortRole);
    generic.setFilterRole(ResourceTableModel::FilterRole);
    generic.setFilterKeyColumn(0);
    generic.setFilterCaseSensitivity(Qt::CaseInsensitive);
    timer.restart();
    generic.sort(column, Qt::DescendingOrder);
    const qint64 genericSorted = timer.elapsed();
    timer.restart();
    generic.setFilterFixedString(needle);
    std::printf("  with QSortFilterProxyModel on the roles: sort %lld ms, filter %lld ms\n",
                genericSorted, timer.elapsed());
    if (proxy.rowCount() != 1 || generic.rowCount() != 1)
        return 1;
    return model.rowCount() >= count ? 0 : 1;
}

} // namespace

// Usage: bench_list_objects rolebindings|secrets|configmaps COUNT
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.value(1) == QLatin1String("--list"))
        return listObjects(app, args.value(2), args.value(3), args.value(4).toInt());
    const QString kind = args.value(1, QStringLiteral("rolebindings"));
    const int count = args.value(2, QStringLiteral("10000")).toInt();
    QString error;
    auto cluster = test::TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
    if (!cluster || !cluster->isSandbox() || !cluster->restart(&error, [&](const QString &state) {
            addObjects(state, kind, count);
        })) {
        std::printf("cannot start the sandbox: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("%s added: %d\n", qPrintable(kind), count);

    // kubectl first: the children's peak then is kubectl's (the sandbox is still running).
    qint64 theirs = -1;
    const QString kubectl = test::findKubectl();
    if (!kubectl.isEmpty()) {
        QTemporaryDir home;
        QElapsedTimer timer;
        timer.start();
        const auto result = test::runMeasured(
            kubectl,
            {QStringLiteral("get"), kind, QStringLiteral("-A"), QStringLiteral("-o"),
             QStringLiteral("json")},
            home.path(), test::kubeconfigEnvironment(home.path(), cluster->adminKubeconfig()));
        theirs = timer.elapsed();
        const int printed = QJsonDocument::fromJson(result.out)
                                .object()
                                .value(QStringLiteral("items"))
                                .toArray()
                                .size();
        std::printf("%s get %s -A -o json: %lld ms, %d items, peak %s\n", qPrintable(kubectl),
                    qPrintable(kind), theirs, printed, qPrintable(megabytes(result.peakKilobytes)));
        if (result.exitCode != 0 || printed < count) {
            std::printf("%s\n", result.err.constData());
            return 1;
        }
    } else {
        std::printf("kubectl: not installed, no ratio\n");
    }

    // Kubestrap lists in a process of its own, so its peak memory is its own, and its time
    // includes starting up, as kubectl's does.
    QElapsedTimer timer;
    timer.start();
    const auto ourRun = test::runMeasured(
        app.applicationFilePath(),
        {QStringLiteral("--list"), cluster->adminKubeconfig(), kind, QString::number(count)},
        QDir::currentPath(), QProcessEnvironment::systemEnvironment());
    const qint64 ours = timer.elapsed();
    std::printf("%skubestrap process, start to every row shown: %lld ms, peak %s\n",
                ourRun.out.constData(), ours, qPrintable(megabytes(ourRun.peakKilobytes)));
    if (ourRun.exitCode != 0)
        return 1;
    if (theirs > 0)
        std::printf("kubectl / kubestrap time: %.2fx\n", double(theirs) / double(ours));
    return 0;
}
