#include "soak.h"

#include "api_client.h"
#include "cluster_client.h"
#include "fault_proxy.h"
#include "resource_store.h"
#include "test_cluster.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <map>
#include <set>

namespace kubestrap::test {

namespace {

using Fault = FaultProxy::Fault;

// Tokens that last 5 s, and a hang whenever the soak puts a `hang` file beside the plugin.
const QByteArray kPlugin =
    "#!/bin/sh\n"
    "if [ -e \"$SOAK_DIR/hang\" ]; then touch \"$SOAK_DIR/hung\"; exec sleep 30; fi\n"
    "now=$(date +%s)\n"
    "echo run >> \"$SOAK_DIR/runs\"\n"
    "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
    "\"status\":{\"token\":\"soak-%s\",\"expirationTimestamp\":\"%s\"}}' \"$now\" "
    "\"$(date -u -d @$((now+5)) +%Y-%m-%dT%H:%M:%SZ)\"\n";
constexpr qint64 kTokenSeconds = 5;
constexpr int kNames = 60; // the writer's objects are soak-0 … soak-59

// Creates, updates and deletes the ConfigMaps soak-N under `path`, a few at a time, straight to
// the cluster (not through the proxy): the changes the store must follow.
class Writer {
public:
    Writer(ApiClient &admin, QString path) : admin(admin), path(std::move(path))
    {
        timer.setInterval(40);
        QObject::connect(&timer, &QTimer::timeout, [this] { step(); });
    }

    void start() { timer.start(); }
    void pause() { paused = true; }
    void resume() { paused = false; }
    bool idle() const { return inFlight == 0; }
    int writes = 0;

private:
    void step()
    {
        if (paused || inFlight >= 2)
            return;
        const QString name =
            QStringLiteral("soak-%1").arg(QRandomGenerator::global()->bounded(kNames));
        if (busy.count(name))
            return;
        busy.insert(name);
        ++inFlight;
        ++writes;
        const auto done = [this, name](bool present) {
            return [this, name, present](const QJsonObject &, const ApiFailure *failure) {
                --inFlight;
                busy.erase(name);
                // Already there, already gone: the writer's view catches up all the same.
                if (!failure || failure->kind == ApiFailure::Kind::AlreadyExists
                    || failure->kind == ApiFailure::Kind::NotFound) {
                    if (present)
                        existing.insert(name);
                    else
                        existing.erase(name);
                }
            };
        };
        const QJsonObject data{
            {QStringLiteral("v"), QString::number(QRandomGenerator::global()->generate())}};
        if (!existing.count(name)) {
            admin.create(path,
                         {{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
                          {QStringLiteral("data"), data}},
                         done(true));
        } else if (QRandomGenerator::global()->bounded(10) < 7) {
            admin.patch(path + QLatin1Char('/') + name, {{QStringLiteral("data"), data}},
                        done(true));
        } else {
            admin.remove(path + QLatin1Char('/') + name, done(false));
        }
    }

    ApiClient &admin;
    QString path;
    QTimer timer;
    bool paused = false;
    int inFlight = 0;
    std::set<QString> busy;
    std::set<QString> existing;
};

// What a listener of the store has been told, kept as a view would keep it.
struct Mirror {
    std::map<QString, QString> versions;
    int duplicated = 0;
    int strays = 0; // modified or deleted while not held

    void take(const StoreChanges &changes)
    {
        for (const DecodedObject &added : changes.added) {
            duplicated += versions.count(added.key) ? 1 : 0;
            versions[added.key] = added.resourceVersion;
        }
        for (const DecodedObject &modified : changes.modified) {
            strays += versions.count(modified.key) ? 0 : 1;
            versions[modified.key] = modified.resourceVersion;
        }
        for (const QString &deleted : changes.deleted)
            strays += versions.erase(deleted) ? 0 : 1;
    }
};

std::map<QString, QString> versionsIn(const ResourceStore &store)
{
    std::map<QString, QString> versions;
    store.forEach([&versions](const QString &key, const QJsonObject &object) {
        versions[key] = object.value(QStringLiteral("metadata"))
                            .toObject()
                            .value(QStringLiteral("resourceVersion"))
                            .toString();
    });
    return versions;
}

std::optional<std::map<QString, QString>> serverVersions(ApiClient &admin, const QString &path)
{
    const auto list = waitFor([&](ApiClient::Callback done) { admin.get(path, done); });
    if (!list)
        return std::nullopt;
    std::map<QString, QString> versions;
    for (const QJsonValue &item : list->value(QStringLiteral("items")).toArray()) {
        const QJsonObject metadata = item.toObject().value(QStringLiteral("metadata")).toObject();
        versions[metadata.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
                 + metadata.value(QStringLiteral("name")).toString()] =
            metadata.value(QStringLiteral("resourceVersion")).toString();
    }
    return versions;
}

struct Difference {
    int lost = 0;
    int stale = 0;
};

Difference differenceOf(const std::map<QString, QString> &server,
                        const std::map<QString, QString> &held)
{
    Difference difference;
    for (const auto &[key, version] : server) {
        const auto it = held.find(key);
        if (it == held.end())
            ++difference.lost;
        else if (it->second != version)
            ++difference.stale;
    }
    for (const auto &entry : held)
        difference.stale += server.count(entry.first) ? 0 : 1;
    return difference;
}

QString recoveryText(qint64 ms)
{
    return ms < 0 ? QStringLiteral("—") : QStringLiteral("%1 s").arg(double(ms) / 1000, 0, 'f', 1);
}

} // namespace

bool SoakReport::clean() const
{
    if (!error.isEmpty())
        return false;
    for (const SoakRow &row : rows) {
        if (row.lost || row.duplicated || row.stale)
            return false;
    }
    return true;
}

QString SoakReport::table() const
{
    QStringList lines{
        QStringLiteral(
            "| fault | injected | objects compared | lost | duplicated | stale | worst recovery |"),
        QStringLiteral("|---|---:|---:|---:|---:|---:|---:|")};
    for (const SoakRow &row : rows)
        lines << QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |")
                     .arg(row.note.isEmpty()
                              ? row.fault
                              : row.fault + QStringLiteral(" (") + row.note + QLatin1Char(')'))
                     .arg(row.injected)
                     .arg(row.compared)
                     .arg(row.lost)
                     .arg(row.duplicated)
                     .arg(row.stale)
                     .arg(recoveryText(row.worstRecoveryMs));
    lines << QStringLiteral("%1 writes by the writer.").arg(writes);
    return lines.join(QLatin1Char('\n'));
}

SoakReport runSoak(TestCluster &cluster, int rounds)
{
    SoakReport report;
    QString error;
    const auto admin = clientFor(cluster.adminKubeconfig(), &error);
    const QString ns = admin ? cluster.createNamespace(QStringLiteral("soak")) : QString();
    if (ns.isEmpty()) {
        report.error = QStringLiteral("no admin client or namespace: ") + error;
        return report;
    }
    const QString path = QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(ns);
    const QString marker = QStringLiteral("soak-marker");

    // The store's side: the proxy, and a user whose exec plugin gives 5-second tokens.
    FaultProxy proxy(admin->connection(), path);
    proxy.setPageLimit(20);
    proxy.setTokenCheck([](const QByteArray &token) {
        const qint64 issued = token.startsWith("soak-") ? token.mid(5).toLongLong() : 0;
        return QDateTime::currentSecsSinceEpoch() < issued + kTokenSeconds + 1;
    });
    QTemporaryDir dir;
    const QString plugin = dir.filePath(QStringLiteral("plugin.sh"));
    QFile script(plugin);
    if (!script.open(QIODevice::WriteOnly) || script.write(kPlugin) != kPlugin.size()) {
        report.error = QStringLiteral("cannot write the plugin");
        return report;
    }
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QFile kubeconfig(dir.filePath(QStringLiteral("kubeconfig")));
    if (!kubeconfig.open(QIODevice::WriteOnly)) {
        report.error = QStringLiteral("cannot write the kubeconfig");
        return report;
    }
    kubeconfig.write(QStringLiteral("apiVersion: v1\nkind: Config\ncurrent-context: soak\n"
                                    "clusters:\n- name: proxy\n  cluster:\n    server: %1\n"
                                    "contexts:\n- name: soak\n  context:\n    cluster: proxy\n"
                                    "    user: soak\nusers:\n- name: soak\n  user:\n    exec:\n"
                                    "      apiVersion: client.authentication.k8s.io/v1\n"
                                    "      command: %2\n      interactiveMode: Never\n"
                                    "      env:\n      - name: SOAK_DIR\n        value: %3\n")
                         .arg(proxy.url(), plugin, dir.path())
                         .toUtf8());
    kubeconfig.close();
    const auto client = clientFor(kubeconfig.fileName(), &error);
    if (!client) {
        report.error = error;
        return report;
    }
    client->execPlugin()->setTimeout(std::chrono::seconds(2));

    // Some objects before the store starts, so that its lists come in pages.
    Writer writer(*admin, path);
    const auto created = waitFor([&](ApiClient::Callback done) {
        admin->create(
            path,
            {{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), marker}}},
             {QStringLiteral("data"), QJsonObject{{QStringLiteral("n"), QStringLiteral("0")}}}},
            done);
    });
    if (!created) {
        report.error = created.error().message;
        return report;
    }
    writer.start();
    (void)QTest::qWaitFor([&writer] { return writer.writes >= 50; }, 20000);

    ResourceStore store(client.get(), path);
    store.setIdleTimeout(std::chrono::seconds(3));
    Mirror mirror;
    QObject::connect(&store, &ResourceStore::changed,
                     [&mirror](const StoreChanges &changes) { mirror.take(changes); });
    store.start();
    if (!QTest::qWaitFor([&store] { return store.hasSynced(); }, 30000)) {
        report.error = QStringLiteral("the store never synced");
        return report;
    }

    std::optional<Fault> lastFired;
    QElapsedTimer sinceFault;
    QObject::connect(&proxy, &FaultProxy::fired, [&](Fault fault) {
        lastFired = fault;
        sinceFault.start();
    });

    // How long until the store holds a write made after the fault: events flow again.
    int markerValue = 0;
    const auto recovery = [&]() -> qint64 {
        for (int attempt = 0; attempt < 20; ++attempt) {
            const auto patched = waitFor([&](ApiClient::Callback done) {
                admin->patch(path + QLatin1Char('/') + marker,
                             {{QStringLiteral("data"),
                               QJsonObject{{QStringLiteral("n"), QString::number(++markerValue)}}}},
                             done);
            });
            if (!patched) { // the server may be coming back from a restart
                QTest::qWait(250);
                continue;
            }
            const QString version = patched->value(QStringLiteral("metadata"))
                                        .toObject()
                                        .value(QStringLiteral("resourceVersion"))
                                        .toString();
            const QString key = ns + QLatin1Char('/') + marker;
            const bool seen = QTest::qWaitFor(
                [&] {
                    return store.object(key)
                               .value(QStringLiteral("metadata"))
                               .toObject()
                               .value(QStringLiteral("resourceVersion"))
                               .toString()
                           == version;
                },
                60000);
            return seen ? sinceFault.elapsed() : -1;
        }
        return -1;
    };

    // With the writer paused: the store (and what its listener was told) against the server.
    int anomaliesCounted = 0; // the mirror's duplicates and strays already in a row
    const auto compare = [&](SoakRow &row) {
        writer.pause();
        (void)QTest::qWaitFor([&writer] { return writer.idle(); }, 10000);
        const auto server = serverVersions(*admin, path);
        if (!server) {
            report.error = QStringLiteral("the server's list failed");
        } else {
            (void)QTest::qWaitFor(
                [&] { return versionsIn(store) == *server && mirror.versions == *server; }, 15000);
            const Difference inStore = differenceOf(*server, versionsIn(store));
            const Difference told = differenceOf(*server, mirror.versions);
            row.compared += int(server->size());
            row.lost += std::max(inStore.lost, told.lost);
            row.stale += std::max(inStore.stale, told.stale);
            row.duplicated += mirror.duplicated + mirror.strays - anomaliesCounted;
            anomaliesCounted = mirror.duplicated + mirror.strays;
        }
        writer.resume();
    };

    const std::vector<std::pair<Fault, QString>> proxyFaults{
        {Fault::DropMidWatch, QStringLiteral("connection dropped mid-watch")},
        {Fault::DropMidList, QStringLiteral("connection dropped mid-list")},
        {Fault::ErrorEvent410, QStringLiteral("ERROR event 410 Expired")},
        {Fault::Http410, QStringLiteral("HTTP 410 on a watch")},
        {Fault::TooManyRequests, QStringLiteral("429 with Retry-After")},
        {Fault::InternalError, QStringLiteral("500")},
        {Fault::Unavailable, QStringLiteral("503 with Retry-After")},
        {Fault::ExpiredContinue, QStringLiteral("expired continue token")},
        {Fault::SilentWatch, QStringLiteral("TCP connection gone silent")},
        {Fault::Outage, QStringLiteral("connections cut, refused for 1.5 s")},
    };
    std::map<QString, SoakRow> rows;
    QStringList order;
    const auto rowFor = [&](const QString &name) -> SoakRow & {
        if (!rows.count(name)) {
            order << name;
            rows[name].fault = name;
        }
        return rows[name];
    };
    const auto recovered = [&](SoakRow &row) {
        ++row.injected;
        const qint64 took = recovery();
        if (took < 0)
            report.error = row.fault + QStringLiteral(": the store never caught up");
        row.worstRecoveryMs = std::max(row.worstRecoveryMs, took);
        compare(row);
    };

    for (int round = 0; round < rounds && report.error.isEmpty(); ++round) {
        for (const auto &[fault, name] : proxyFaults) {
            SoakRow &row = rowFor(name);
            lastFired.reset();
            proxy.inject(fault);
            if (!QTest::qWaitFor([&] { return lastFired == fault; }, 30000)) {
                report.error = name + QStringLiteral(": never hit a request");
                break;
            }
            recovered(row);
        }
        if (!report.error.isEmpty())
            break;

        SoakRow &restart = rowFor(QStringLiteral("API server restart"));
        if (cluster.isSandbox()) {
            sinceFault.start();
            if (!cluster.restart(&error)) {
                report.error = QStringLiteral("the sandbox did not restart: ") + error;
                break;
            }
            recovered(restart);
        } else {
            restart.note = QStringLiteral("sandbox only: a real server is not ours to restart");
        }

        // The plugin hangs at its next run (the next request after its token expired), and is
        // stopped at its timeout; the store must come back once it answers again.
        SoakRow &hang = rowFor(QStringLiteral("exec plugin that hangs"));
        QFile(dir.filePath(QStringLiteral("hang"))).open(QIODevice::WriteOnly);
        QFile::remove(dir.filePath(QStringLiteral("hung")));
        QElapsedTimer sinceNudge;
        sinceNudge.start();
        const bool hung = QTest::qWaitFor(
            [&] {
                // Watches end every second, so that requests (and token renewals) keep coming.
                if (sinceNudge.elapsed() > 1000) {
                    proxy.restartWatches();
                    sinceNudge.restart();
                }
                return QFile::exists(dir.filePath(QStringLiteral("hung")));
            },
            30000);
        sinceFault.start();
        QFile::remove(dir.filePath(QStringLiteral("hang")));
        if (!hung) {
            report.error = QStringLiteral("the plugin never ran to hang");
            break;
        }
        recovered(hang);
    }
    writer.pause();
    (void)QTest::qWaitFor([&writer] { return writer.idle(); }, 10000);

    for (const QString &name : order)
        report.rows.push_back(rows[name]);
    // The plugin's 5-second tokens were renewed throughout; a token the store used too long
    // was refused (401) and renewed at once.
    QFile runs(dir.filePath(QStringLiteral("runs")));
    runs.open(QIODevice::ReadOnly);
    SoakRow tokens;
    tokens.fault = QStringLiteral("exec tokens that expire every 5 s");
    tokens.injected = int(runs.readAll().count('\n'));
    tokens.note = QStringLiteral("%1 requests refused 401").arg(proxy.refusedTokens());
    report.rows.push_back(tokens);
    report.writes = writer.writes;
    return report;
}

} // namespace kubestrap::test
