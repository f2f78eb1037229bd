// An event storm: a writer changes ConfigMaps RATE times a second for SECONDS (and adds and deletes
// some), while the whole window shows the ConfigMaps panel with one row selected and scrolled to.
// A probe timer on the GUI thread measures how late the event loop runs it: the longest wait is
// what a user feels as a stall. Reports the writes made, the longest and the 99th-percentile wait,
// and how many model updates the events became; asserts only that the selection and the scroll
// position survived. On the sandbox, or on the real
// cluster KUBESTRAP_TEST_KUBECONFIG names.

#include "bench_objects.h"
#include "cluster_client.h"
#include "configmap_table_model.h"
#include "isolated_settings.h"
#include "kubeconfig_sources.h"
#include "kubeconfig_store.h"
#include "main_window.h"
#include "test_cluster.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QProcess>
#include <QScrollBar>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace {

using namespace kubestrap;

QString nameOf(int i)
{
    return QStringLiteral("storm-%1").arg(i, 4, 10, QLatin1Char('0'));
}

// The writer, in a process of its own so that its work never counts against the window's loop:
// merge patches to storm-NNNN round the objects, and every tenth write a ConfigMap named after
// them all (zz-…) created or deleted again, as many at once as the server takes.
int write(const QString &kubeconfig, const QString &ns, int seconds, int rate, int objects)
{
    QString error;
    const auto client = test::clientFor(kubeconfig, &error);
    if (!client) {
        std::printf("writer: %s\n", qPrintable(error));
        return 1;
    }
    const QString collection = QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(ns);
    QElapsedTimer clock;
    clock.start();
    qint64 sent = 0;
    qint64 answered = 0;
    qint64 failed = 0;
    int inFlight = 0;
    QTimer tick;
    const auto done = [&](const QJsonObject &, const ApiFailure *failure) {
        --inFlight;
        ++answered;
        failed += failure ? 1 : 0;
        if (clock.elapsed() >= seconds * 1000 && inFlight == 0)
            QCoreApplication::quit();
    };
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 due = std::min<qint64>(clock.elapsed(), seconds * 1000LL) * rate / 1000;
        while (sent < due && inFlight < 64) {
            const qint64 n = sent++;
            ++inFlight;
            const QString extra = QStringLiteral("zz-storm-%1").arg(n / 20);
            if (n % 20 == 5) {
                client->create(
                    collection,
                    {{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), extra}}}},
                    done);
            } else if (n % 20 == 15) {
                client->remove(collection + QLatin1Char('/') + extra, done);
            } else {
                const QJsonObject patch{
                    {QStringLiteral("data"),
                     QJsonObject{{QStringLiteral("counter"), QString::number(n)}}}};
                client->patch(collection + QLatin1Char('/') + nameOf(int(n % objects)), patch,
                              done);
            }
        }
        if (clock.elapsed() >= seconds * 1000 && inFlight == 0)
            QCoreApplication::quit();
    });
    tick.start(5);
    QCoreApplication::exec();
    std::printf("writer: %lld writes in %lld ms (%.0f a second), %lld refused\n", answered,
                clock.elapsed(), double(answered) * 1000.0 / double(clock.elapsed()), failed);
    return 0;
}

} // namespace

// Usage: bench_event_storm [SECONDS] [RATE] [OBJECTS]
int main(int argc, char *argv[])
{
    const QStringList raw = [&] {
        QStringList list;
        for (int i = 0; i < argc; ++i)
            list << QString::fromLocal8Bit(argv[i]);
        return list;
    }();
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // in order with the writer's lines
    if (raw.value(1) == QLatin1String("--write")) {
        QCoreApplication app(argc, argv);
        return write(raw.value(2), raw.value(3), raw.value(4).toInt(), raw.value(5).toInt(),
                     raw.value(6).toInt());
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const test::IsolatedSettings settings;
    const int seconds = raw.value(1, QStringLiteral("60")).toInt();
    const int rate = raw.value(2, QStringLiteral("1000")).toInt();
    const int objects = raw.value(3, QStringLiteral("1000")).toInt();

    QString error;
    auto cluster = test::TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
    const QString ns = cluster ? cluster->createNamespace(QStringLiteral("storm")) : QString();
    const auto client = cluster ? test::clientFor(cluster->adminKubeconfig(), &error) : nullptr;
    if (!client || ns.isEmpty()
        || !test::createObjects(
            *client, QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(ns), objects,
            [](int i) {
                return QJsonObject{
                    {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), nameOf(i)}}},
                    {QStringLiteral("data"),
                     QJsonObject{{QStringLiteral("counter"), QStringLiteral("0")}}}};
            },
            &error)) {
        std::printf("cannot set up the cluster: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("%d ConfigMaps in %s, on %s\n", objects, qPrintable(ns),
                cluster->isSandbox() ? "the sandbox" : "a real cluster");

    KubeconfigStore kubeconfigs(KubeconfigSources::fromEnvironment(cluster->adminKubeconfig()));
    MainWindow window(&kubeconfigs);
    window.resize(1280, 800);
    window.show();
    window.showPanel(QStringLiteral("configmaps"));
    auto *view = window.findChild<QTableView *>(QStringLiteral("configMapTable"));
    const QString selected = nameOf(objects / 2);
    const auto rowOfSelected = [&] {
        for (int row = 0; view && view->model() && row < view->model()->rowCount(); ++row)
            if (view->model()->index(row, ConfigMapTableModel::Name).data().toString() == selected)
                return row;
        return -1;
    };
    // Every row first: the storm is about watch events, not the first list.
    if (!view
        || !QTest::qWaitFor([&] { return view->model() && view->model()->rowCount() >= objects; },
                            60000)
        || rowOfSelected() < 0) {
        std::printf("the ConfigMaps panel never showed %s\n", qPrintable(selected));
        return 1;
    }
    const QModelIndex chosen = view->model()->index(rowOfSelected(), 0);
    view->selectRow(chosen.row());
    view->scrollTo(chosen, QAbstractItemView::PositionAtCenter);
    QTest::qWait(200);
    const int scrolled = view->verticalScrollBar()->value();
    const int rowsBefore = view->model()->rowCount();

    int updates = 0;
    QObject::connect(view->model(), &QAbstractItemModel::dataChanged, [&] { ++updates; });
    QObject::connect(view->model(), &QAbstractItemModel::rowsInserted, [&] { ++updates; });
    QObject::connect(view->model(), &QAbstractItemModel::rowsRemoved, [&] { ++updates; });
    QObject::connect(view->model(), &QAbstractItemModel::layoutChanged, [&] { ++updates; });

    // The probe: due every 10 ms; how late it runs is how long the loop was busy elsewhere.
    constexpr qint64 kEvery = 10;
    std::vector<qint64> waits;
    QElapsedTimer sinceLast;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        waits.push_back(std::max<qint64>(0, sinceLast.elapsed() - kEvery));
        sinceLast.start();
    });

    QProcess writer;
    writer.setProcessChannelMode(QProcess::ForwardedChannels);
    QObject::connect(&writer, &QProcess::finished, &app, &QCoreApplication::quit);
    writer.start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("--write"), cluster->adminKubeconfig(), ns,
                  QString::number(seconds), QString::number(rate), QString::number(objects)});
    sinceLast.start();
    probe.start(kEvery);
    app.exec();
    probe.stop();
    QTest::qWait(1000); // the last events arrive a moment after the last write is answered

    std::sort(waits.begin(), waits.end());
    const qint64 longest = waits.empty() ? -1 : waits.back();
    const qint64 p99 = waits.empty() ? -1 : waits[waits.size() * 99 / 100];
    std::printf(
        "the GUI thread's longest wait: %lld ms, 99th percentile %lld ms, over %zu probes\n",
        longest, p99, waits.size());
    std::printf("model updates the table made of them: %d\n", updates);
    const QModelIndexList rows = view->selectionModel()->selectedRows(ConfigMapTableModel::Name);
    const bool kept = rows.size() == 1 && rows.first().data().toString() == selected;
    const bool stayed = view->verticalScrollBar()->value() == scrolled;
    std::printf("selection %s, scroll position %s, %d rows before and %d after\n",
                kept ? "kept" : "LOST", stayed ? "kept" : "MOVED", rowsBefore,
                view->model()->rowCount());
    return kept && stayed ? 0 : 1;
}
