#include "api_client.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace kubestrap;

namespace {

// A plain-HTTP stand-in that answers each request with the next canned response: the sandbox
// never sheds load, and these tests need a server that says 429 and 500 on cue.
class CannedServer : public QObject {
public:
    explicit CannedServer(QList<QByteArray> responses) : responses(std::move(responses))
    {
        server.listen(QHostAddress::LocalHost);
        QObject::connect(&server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = server.nextPendingConnection();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                if (!socket->readAll().contains("\r\n\r\n"))
                    return;
                ++requests;
                socket->write(this->responses.isEmpty() ? QByteArray()
                                                        : this->responses.takeFirst());
                socket->disconnectFromHost();
            });
        });
    }

    static QByteArray response(int code, const char *phrase, const QByteArray &extraHeaders,
                               const QJsonObject &body)
    {
        const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
        return "HTTP/1.1 " + QByteArray::number(code) + ' ' + phrase
               + "\r\nContent-Type: application/json\r\n" + extraHeaders + "Content-Length: "
               + QByteArray::number(json.size()) + "\r\nConnection: close\r\n\r\n" + json;
    }

    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()); }

    QTcpServer server;
    QList<QByteArray> responses;
    int requests = 0;
};

ApiClient clientFor(const CannedServer &server)
{
    Kubeconfig config;
    config.clusters[QStringLiteral("c")].server = server.url();
    config.contexts[QStringLiteral("c")].cluster = QStringLiteral("c");
    return ApiClient(*ClusterConnection::fromKubeconfig(config, QStringLiteral("c")));
}

const QJsonObject kTooMany{{QStringLiteral("kind"), QStringLiteral("Status")},
                           {QStringLiteral("reason"), QStringLiteral("TooManyRequests")},
                           {QStringLiteral("message"), QStringLiteral("too many requests")},
                           {QStringLiteral("code"), 429}};
const QJsonObject kBroken{{QStringLiteral("kind"), QStringLiteral("Status")},
                          {QStringLiteral("reason"), QStringLiteral("InternalError")},
                          {QStringLiteral("message"), QStringLiteral("etcd is sad")},
                          {QStringLiteral("code"), 500}};

} // namespace

class TestApiRetries : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void realStatusBodiesAreClassified_data()
    {
        QTest::addColumn<QString>("recording");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("says");
        const auto row = [](const char *name, ApiFailure::Kind kind, const char *says) {
            QTest::newRow(name) << QString::fromLatin1(name) << int(kind)
                                << QString::fromUtf8(says);
        };
        row("already-exists", ApiFailure::Kind::AlreadyExists,
            "configmaps \"recorded\" already exists");
        row("conflict", ApiFailure::Kind::Conflict, "the object has been modified");
        row("not-found", ApiFailure::Kind::NotFound, "configmaps \"no-such-map\" not found");
        row("invalid", ApiFailure::Kind::Invalid,
            "\n  metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain");
        row("forbidden", ApiFailure::Kind::Forbidden,
            "User \"mallory\" cannot list resource \"secrets\"");
        row("admission-forbidden", ApiFailure::Kind::Forbidden,
            "use of kubernetes.io/kube-apiserver-client signer with system:masters group is not "
            "allowed");
        row("unauthorized", ApiFailure::Kind::Unauthorized,
            "did not accept the credential of context");
    }

    void realStatusBodiesAreClassified()
    {
        // What kube-apiserver v1.32 answered (tests/data/apiserver-status), as the client reads it.
        QFETCH(QString, recording);
        QFETCH(int, kind);
        QFETCH(QString, says);
        QFile file(QStringLiteral(KUBESTRAP_DATA "/apiserver-status/%1.json").arg(recording));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject status = QJsonDocument::fromJson(file.readAll()).object();
        const int code = status.value(QStringLiteral("code")).toInt();
        CannedServer server({CannedServer::response(code, "Failure", {}, status)});
        ApiClient client = clientFor(server);
        std::optional<ApiFailure> failure;
        bool answered = false;
        client.get(QStringLiteral("/api/v1/namespaces/default/configmaps/x"),
                   [&](const QJsonObject &, const ApiFailure *failed) {
                       if (failed)
                           failure = *failed;
                       answered = true;
                   });
        QTRY_VERIFY(answered);
        QVERIFY(failure);
        QCOMPARE(int(failure->kind), kind);
        QCOMPARE(failure->httpStatus, code);
        QCOMPARE(failure->reason, status.value(QStringLiteral("reason")).toString());
        QVERIFY2(failure->message.contains(says), qPrintable(failure->message));
    }

    void retryAfterIsHonoured()
    {
        CannedServer server(
            {CannedServer::response(429, "Too Many Requests", "Retry-After: 1\r\n", kTooMany),
             CannedServer::response(429, "Too Many Requests", "Retry-After: 1\r\n", kTooMany),
             CannedServer::response(200, "OK", {},
                                    {{QStringLiteral("gitVersion"), QStringLiteral("v1.33.0")}})});
        ApiClient client = clientFor(server);
        QElapsedTimer timer;
        timer.start();
        std::optional<QJsonObject> answer;
        client.get(QStringLiteral("/version"),
                   [&](const QJsonObject &body, const ApiFailure *failure) {
                       QVERIFY(!failure);
                       answer = body;
                   });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 10000);
        QCOMPARE(answer->value(QStringLiteral("gitVersion")).toString(), QStringLiteral("v1.33.0"));
        QCOMPARE(server.requests, 3);
        QVERIFY2(timer.elapsed() >= 1900, qPrintable(QString::number(timer.elapsed())));
    }

    void readsRetryServerErrorsWritesDoNot()
    {
        CannedServer reads({CannedServer::response(500, "Internal Server Error", {}, kBroken),
                            CannedServer::response(500, "Internal Server Error", {}, kBroken),
                            CannedServer::response(500, "Internal Server Error", {}, kBroken),
                            CannedServer::response(500, "Internal Server Error", {}, kBroken)});
        ApiClient reader = clientFor(reads);
        std::optional<ApiFailure> failed;
        reader.get(QStringLiteral("/api"),
                   [&](const QJsonObject &, const ApiFailure *failure) { failed = *failure; });
        QTRY_VERIFY_WITH_TIMEOUT(failed.has_value(), 15000);
        QCOMPARE(reads.requests, 4); // the first try and three retries
        QCOMPARE(failed->kind, ApiFailure::Kind::ServerError);
        QCOMPARE(failed->message, QStringLiteral("etcd is sad"));

        CannedServer writes({CannedServer::response(500, "Internal Server Error", {}, kBroken)});
        ApiClient writer = clientFor(writes);
        failed.reset();
        writer.create(QStringLiteral("/api/v1/namespaces"), {},
                      [&](const QJsonObject &, const ApiFailure *failure) { failed = *failure; });
        QTRY_VERIFY_WITH_TIMEOUT(failed.has_value(), 10000);
        QCOMPARE(writes.requests, 1); // a write may have happened: it is not repeated blindly
    }
};

QTEST_GUILESS_MAIN(TestApiRetries)
#include "test_api_retries.moc"
