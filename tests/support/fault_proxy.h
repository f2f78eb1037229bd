#pragma once

#include "cluster_connection.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QTcpServer>

#include <functional>
#include <vector>

class QNetworkReply;
class QTcpSocket;

namespace kubestrap::test {

// A plain-HTTP API server in front of a real one (or the sandbox) that breaks what passes through
// it, on cue: the fault-injection suite's server. Clients connect to url() without TLS; each
// request goes on to the cluster with `upstream`'s TLS and credential, and its answer comes back
// streamed. A fault armed with inject() hits the next request under `scope` (an API path) that it
// fits; the rest pass untouched. Lists under `scope` are paged at setPageLimit() items, whatever
// the client asks, so that a few dozen objects make a paged list.
class FaultProxy : public QObject {
    Q_OBJECT

public:
    enum class Fault {
        DropMidWatch,    // the watches in flight are cut off (at once, or the next one)
        DropMidList,     // a relist's answer is cut off halfway
        ErrorEvent410,   // a watch answers with an ERROR event: 410 Expired
        Http410,         // a watch answers HTTP 410
        TooManyRequests, // 429 with Retry-After: 1
        InternalError,   // 500
        Unavailable,     // 503
        ExpiredContinue, // a relist's second page: 410, the continue token too old
        SilentWatch,     // a watch is answered, then nothing more comes, not even its end
        Outage,          // every connection is cut and none is taken for 1.5 s
    };
    Q_ENUM(Fault)
    static QString nameOf(Fault fault);

    FaultProxy(ClusterConnection upstream, QString scope, QObject *parent = nullptr);
    ~FaultProxy() override;

    QString url() const;
    void setPageLimit(int limit) { pageLimit = limit; }
    // Requests whose bearer token `accept` refuses are answered 401, as an expired token is.
    void setTokenCheck(std::function<bool(const QByteArray &token)> accept)
    {
        tokenCheck = std::move(accept);
    }
    int refusedTokens() const { return refused; }

    // Arms `fault`. A watch fault ends the watches in flight first, as the server does at their
    // timeout, so that the next one comes at once; a list fault makes a relist happen first.
    void inject(Fault fault);
    // Ends the watches in flight cleanly, as the server does at their timeout.
    void restartWatches() { endWatches(false); }

Q_SIGNALS:
    // `fault` hit a request now.
    void fired(kubestrap::test::FaultProxy::Fault fault);

private:
    struct Request {
        QByteArray method;
        QString target;
        QByteArray body;
        QByteArray authorization;
        QByteArray accept;
        QByteArray contentType;
    };
    struct Armed {
        Fault fault;
        bool announce; // false for what only leads up to the fault (the 410 before a relist)
    };
    struct Watch {
        QPointer<QTcpSocket> socket;
        QPointer<QNetworkReply> reply;
    };

    void accepted();
    void handle(QTcpSocket *socket, const Request &request);
    // The first armed fault that fits `request`, taken off the list.
    std::optional<Armed> take(const Request &request);
    void forward(QTcpSocket *socket, const Request &request, bool cutHalfway);
    void answer(QTcpSocket *socket, int code, const QByteArray &reason, const QString &message,
                const QByteArray &extraHeaders = {});
    void endWatches(bool abruptly);

    ClusterConnection upstream;
    QString scope;
    QTcpServer server;
    quint16 port = 0;
    QNetworkAccessManager network;
    std::vector<Armed> armed;
    std::vector<Watch> watches;
    std::function<bool(const QByteArray &)> tokenCheck;
    int pageLimit = 0;
    int refused = 0;
};

} // namespace kubestrap::test
