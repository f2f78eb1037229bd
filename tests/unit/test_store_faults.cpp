#include "api_client.h"
#include "resource_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>

using namespace kubestrap;

namespace {

// A plain-HTTP API server that answers each request as the test scripts it: by the request's
// target, with a whole response, or not at all (an empty answer keeps the connection open and
// silent, as a watch with nothing to say).
class ScriptedServer : public QObject {
public:
    using Script = std::function<QByteArray(const QString &target)>;

    explicit ScriptedServer(Script script) : script(std::move(script))
    {
        server.listen(QHostAddress::LocalHost);
        connect(&server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = server.nextPendingConnection();
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                if (!socket->property("answered").toBool())
                    ++hungUp;
            });
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                const QByteArray head = socket->readAll();
                if (!head.contains("\r\n\r\n"))
                    return;
                const QString target = QString::fromLatin1(head.split(' ').value(1));
                targets << target;
                const QByteArray answer = this->script(target);
                if (answer.isEmpty())
                    return;
                socket->setProperty("answered", true);
                socket->write(answer);
                socket->disconnectFromHost();
            });
        });
    }

    ApiClient client() const
    {
        Kubeconfig config;
        config.clusters[QStringLiteral("c")].server =
            QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort());
        config.contexts[QStringLiteral("c")].cluster = QStringLiteral("c");
        return ApiClient(*ClusterConnection::fromKubeconfig(config, QStringLiteral("c")));
    }

    int count(const char *kind) const
    {
        int n = 0;
        for (const QString &target : targets)
            n += (target.contains(QLatin1String("watch=true")) == (qstrcmp(kind, "watch") == 0));
        return n;
    }

    QTcpServer server;
    Script script;
    QStringList targets;
    int hungUp = 0; // connections the client closed before they were answered
};

QJsonObject object(const char *name, int version)
{
    return {{QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QLatin1String(name)},
                         {QStringLiteral("namespace"), QStringLiteral("ns")},
                         {QStringLiteral("resourceVersion"), QString::number(version)}}}};
}

QByteArray reply(int code, const QJsonObject &body)
{
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(code)
           + " X\r\nContent-Type: application/json\r\nContent-Length: "
           + QByteArray::number(json.size()) + "\r\nConnection: close\r\n\r\n" + json;
}

QByteArray list(const QJsonArray &items, int version, const QString &next = {})
{
    QJsonObject metadata{{QStringLiteral("resourceVersion"), QString::number(version)}};
    if (!next.isEmpty())
        metadata.insert(QStringLiteral("continue"), next);
    return reply(200, {{QStringLiteral("kind"), QStringLiteral("ConfigMapList")},
                       {QStringLiteral("metadata"), metadata},
                       {QStringLiteral("items"), items}});
}

QByteArray status(int code, const char *reason)
{
    return reply(code, {{QStringLiteral("kind"), QStringLiteral("Status")},
                        {QStringLiteral("status"), QStringLiteral("Failure")},
                        {QStringLiteral("reason"), QLatin1String(reason)},
                        {QStringLiteral("message"), QLatin1String(reason)},
                        {QStringLiteral("code"), code}});
}

// A watch that sends `lines` (JSON events, one per line) and ends.
QByteArray watchThatEnds(const QList<QJsonObject> &events = {})
{
    QByteArray body;
    for (const QJsonObject &event : events)
        body += QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n';
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
           + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

QJsonObject errorEvent(int code)
{
    return {{QStringLiteral("type"), QStringLiteral("ERROR")},
            {QStringLiteral("object"),
             QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")},
                         {QStringLiteral("code"), code},
                         {QStringLiteral("message"), QStringLiteral("trouble")}}}};
}

const QString kPath = QStringLiteral("/api/v1/configmaps");

} // namespace

// The store against a server that misbehaves on cue, case by case as client-go's reflector
// handles it.
class TestStoreFaults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anHttp410OnAWatchRelists()
    {
        int lists = 0;
        ScriptedServer server([&](const QString &target) -> QByteArray {
            if (!target.contains(QLatin1String("watch=true")))
                return ++lists == 1 ? list({object("a", 5)}, 5) : list({object("b", 9)}, 9);
            return lists == 1 ? status(410, "Expired") : QByteArray();
        });
        ApiClient client = server.client();
        ResourceStore store(&client, kPath);
        store.start();
        QTRY_COMPARE_WITH_TIMEOUT(store.keys(), QStringList{QStringLiteral("ns/b")}, 5000);
        QCOMPARE(lists, 2);
    }

    void aRelistThatFailsPartWayChangesNothing()
    {
        int lists = 0;
        bool failPageTwo = true;
        ScriptedServer server([&](const QString &target) -> QByteArray {
            if (target.contains(QLatin1String("watch=true")))
                return lists == 1 ? watchThatEnds({errorEvent(410)}) : QByteArray();
            if (target.contains(QLatin1String("continue=")))
                return std::exchange(failPageTwo, false) ? status(400, "BadRequest")
                                                         : list({object("c", 9)}, 9);
            return ++lists == 1 ? list({object("a", 5)}, 5)
                                : list({object("b", 9)}, 9, QStringLiteral("p2"));
        });
        ApiClient client = server.client();
        ResourceStore store(&client, kPath);
        QSignalSpy trouble(&store, &ResourceStore::trouble);
        store.start();
        QTRY_VERIFY_WITH_TIMEOUT(!trouble.isEmpty(), 5000);
        // The failed relist left the cache as it was: no mix of old and new.
        QCOMPARE(store.keys(), QStringList{QStringLiteral("ns/a")});
        QVERIFY(store.hasSynced());
        QTRY_COMPARE_WITH_TIMEOUT(
            store.keys(), (QStringList{QStringLiteral("ns/b"), QStringLiteral("ns/c")}), 5000);
    }

    void anExpiredContinueTokenFallsBackToOneFullList()
    {
        ScriptedServer server([&](const QString &target) -> QByteArray {
            if (target.contains(QLatin1String("watch=true")))
                return {};
            if (target.contains(QLatin1String("continue=")))
                return status(410, "Expired");
            if (target.contains(QLatin1String("limit=")))
                return list({object("a", 5)}, 5, QStringLiteral("p2"));
            return list({object("a", 5), object("b", 6)}, 7);
        });
        ApiClient client = server.client();
        ResourceStore store(&client, kPath);
        store.start();
        QTRY_COMPARE_WITH_TIMEOUT(
            store.keys(), (QStringList{QStringLiteral("ns/a"), QStringLiteral("ns/b")}), 5000);
        QTRY_COMPARE(server.count("watch"), 1);
        QCOMPARE(store.resourceVersion(), QStringLiteral("7"));
        QCOMPARE(server.count("list"), 3); // page one, its expired page two, the full list
    }

    void aWatchThatGoesSilentIsStartedAgain()
    {
        // The connection stays up but nothing comes, not even a bookmark.
        ScriptedServer server([&](const QString &target) -> QByteArray {
            return target.contains(QLatin1String("watch=true")) ? QByteArray()
                                                                : list({object("a", 5)}, 5);
        });
        ApiClient client = server.client();
        ResourceStore store(&client, kPath);
        store.setIdleTimeout(std::chrono::milliseconds(500));
        QSignalSpy trouble(&store, &ResourceStore::trouble);
        store.start();
        QTRY_VERIFY_WITH_TIMEOUT(server.count("watch") >= 2, 5000);
        QVERIFY(server.targets.last().contains(QLatin1String("resourceVersion=5")));
        QCOMPARE(server.count("list"), 1); // resumed, not relisted
        QVERIFY(!trouble.isEmpty());
    }

    void stoppingAStoreCancelsItsList()
    {
        // A list the server takes its time over: stop() must not leave it on the wire.
        ScriptedServer server([&](const QString &) { return QByteArray(); });
        ApiClient client = server.client();
        auto store = std::make_unique<ResourceStore>(&client, kPath);
        store->start();
        QTRY_COMPARE(server.count("list"), 1);
        store->stop();
        QTRY_COMPARE_WITH_TIMEOUT(server.hungUp, 1, 2000);
        // Nor is it restarted or answered later.
        QTest::qWait(200);
        QCOMPARE(server.count("list"), 1);
    }

    void watchesThatEndAtOnceOrWithErrorsBackOff_data()
    {
        QTest::addColumn<QByteArray>("watchAnswer");
        QTest::newRow("ended at once") << watchThatEnds();
        QTest::newRow("an ERROR other than 410") << watchThatEnds({errorEvent(500)});
    }

    void watchesThatEndAtOnceOrWithErrorsBackOff()
    {
        QFETCH(QByteArray, watchAnswer);
        ScriptedServer server([&](const QString &target) -> QByteArray {
            return target.contains(QLatin1String("watch=true")) ? watchAnswer
                                                                : list({object("a", 5)}, 5);
        });
        ApiClient client = server.client();
        ResourceStore store(&client, kPath);
        store.start();
        QTest::qWait(3000);
        // Backing off from 0.8 s, doubling: three or four watches in 3 s, not hundreds.
        QVERIFY2(server.count("watch") <= 5, qPrintable(QString::number(server.count("watch"))));
        QVERIFY(server.count("watch") >= 2);
        QCOMPARE(server.count("list"), 1);
    }
};

QTEST_GUILESS_MAIN(TestStoreFaults)
#include "test_store_faults.moc"
