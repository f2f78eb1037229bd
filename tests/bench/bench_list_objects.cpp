// Listing many RoleBindings, bootstrap-token Secrets or ConfigMaps of 10 KB from a sandbox or a
// real cluster: kubectl's `get rolebindings|secrets|configmaps -A -o json` against Kubestrap's
// store and table on the same server (for ConfigMaps, a store of their digests, as the panel
// keeps), and both against the server's own unpaged list. Reports the wall time of each,
// Kubestrap's time to its first rows, peak memory (each program's own, through GNU time) and the
// ratios, then sorting and filtering the table; asserts only that both listed everything.

#include "api_client.h"
#include "bench_objects.h"
#include "binding_table_model.h"
#include "cluster_client.h"
#include "configmap_summary.h"
#include "configmap_table_model.h"
#include "kubectl.h"
#include "resource_proxy_model.h"
#include "resource_store.h"
#include "test_cluster.h"
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

// What the search finds in one row only, and in which column of the kind's table.
struct Search {
    int column;
    QString needle;
};

Search searchFor(const QString &kind, int i)
{
    if (kind == QLatin1String("secrets"))
        return {TokenTableModel::Description,
                QString::number(i, 36).rightJustified(6, QLatin1Char('0'))};
    if (kind == QLatin1String("configmaps"))
        return {ConfigMapTableModel::Name, QStringLiteral("CM-%1-").arg(i)};
    return {BindingTableModel::Subjects, QStringLiteral("USER-%1,").arg(i)};
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
int listObjects(QCoreApplication &app, const QString &kubeconfig, const QString &kind, int count,
                int pageSize)
{
    const auto client = test::clientFor(kubeconfig);
    if (!client)
        return 1;
    const test::BenchKind listed = test::benchKind(kind);
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
        [&](const QString &, const ApiFailure *) { app.quit(); }, pageSize, digest);
    app.exec();
    std::printf("the first page of %d alone, fetched and decoded: %lld ms\n", pageSize, firstPage);

    ResourceStore store(client.get(), listed.path, nullptr, digest);
    store.setPageSize(pageSize);
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
    const auto [column, needle] = searchFor(kind, std::min(4242, count - 1));
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

// Usage: bench_list_objects rolebindings|secrets|configmaps COUNT [PAGE-SIZE]
// On the sandbox, or on the real cluster KUBESTRAP_TEST_KUBECONFIG names (where the objects are
// made through the API first, and deleted at the end).
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.value(1) == QLatin1String("--list"))
        return listObjects(app, args.value(2), args.value(3), args.value(4).toInt(),
                           args.value(5).toInt());
    const test::BenchKind kind = test::benchKind(args.value(1, QStringLiteral("rolebindings")));
    const int count = args.value(2, QStringLiteral("10000")).toInt();
    const int pageSize = args.value(3, QStringLiteral("500")).toInt();
    QString error;
    auto cluster = test::TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
    if (!cluster || !test::fillCluster(*cluster, kind, count, &error)) {
        std::printf("cannot set up the cluster: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("%s added: %d, on %s\n", qPrintable(kind.name), count,
                cluster->isSandbox() ? "the sandbox" : "a real cluster");

    // The server's own answer to one unpaged list, fetched and not decoded: the floor.
    const auto client = test::clientFor(cluster->adminKubeconfig(), &error);
    const qint64 server = client ? test::serverListTime(*client, kind.path) : -1;
    qsizetype jsonBytes = 0;
    qsizetype protobufBytes = 0;
    if (client) {
        test::serverListTime(*client, kind.path, 1, "application/json", &jsonBytes);
        const qint64 protobuf = test::serverListTime(
            *client, kind.path, 3, "application/vnd.kubernetes.protobuf", &protobufBytes);
        std::printf("the server's unpaged list, fetched: %lld ms (%lld MB); as protobuf %lld ms "
                    "(%lld MB)\n",
                    server, qint64(jsonBytes >> 20), protobuf, qint64(protobufBytes >> 20));
    }

    // kubectl first: the children's peak then is kubectl's (the sandbox is still running).
    qint64 theirs = -1;
    const QString kubectl = test::findKubectl();
    if (!kubectl.isEmpty()) {
        QTemporaryDir home;
        QElapsedTimer timer;
        timer.start();
        const auto result = test::runMeasured(
            kubectl,
            {QStringLiteral("get"), kind.name, QStringLiteral("-A"), QStringLiteral("-o"),
             QStringLiteral("json")},
            home.path(), test::kubeconfigEnvironment(home.path(), cluster->adminKubeconfig()),
            std::chrono::minutes(10));
        theirs = timer.elapsed();
        const int printed = QJsonDocument::fromJson(result.out)
                                .object()
                                .value(QStringLiteral("items"))
                                .toArray()
                                .size();
        std::printf("%s get %s -A -o json: %lld ms, %d items, peak %s\n", qPrintable(kubectl),
                    qPrintable(kind.name), theirs, printed,
                    qPrintable(megabytes(result.peakKilobytes)));
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
        {QStringLiteral("--list"), cluster->adminKubeconfig(), kind.name, QString::number(count),
         QString::number(pageSize)},
        QDir::currentPath(), QProcessEnvironment::systemEnvironment(), std::chrono::minutes(10));
    const qint64 ours = timer.elapsed();
    std::printf("%skubestrap process, start to every row shown: %lld ms, peak %s\n",
                ourRun.out.constData(), ours, qPrintable(megabytes(ourRun.peakKilobytes)));
    if (ourRun.exitCode != 0)
        return 1;
    if (theirs > 0)
        std::printf("kubectl / kubestrap time: %.2fx\n", double(theirs) / double(ours));
    // Every row shown, against the server's own answer: the --list process's store and table.
    const QByteArray marker = "store + table: ";
    const qsizetype at = ourRun.out.indexOf(marker);
    const qint64 shown =
        at < 0 ? -1 : ourRun.out.mid(at + marker.size()).split(' ').first().toLongLong();
    if (server > 0 && shown > 0)
        std::printf("every row shown / the server's unpaged list: %.2fx\n",
                    double(shown) / double(server));
    return 0;
}
