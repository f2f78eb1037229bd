#include "fault_proxy.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>

namespace kubestrap::test {

namespace {

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

bool isWatch(const QString &target)
{
    return target.contains(QLatin1String("watch=true"));
}

bool isContinued(const QString &target)
{
    return target.contains(QLatin1String("continue="));
}

} // namespace

QString FaultProxy::nameOf(Fault fault)
{
    return QString::fromLatin1(QMetaEnum::fromType<Fault>().valueToKey(int(fault)));
}

FaultProxy::FaultProxy(ClusterConnection upstream, QString scope, QObject *parent)
    : QObject(parent), upstream(std::move(upstream)), scope(std::move(scope))
{
    network.setProxy(this->upstream.proxy());
    network.setAutoDeleteReplies(true);
    server.listen(QHostAddress::LocalHost);
    port = server.serverPort();
    connect(&server, &QTcpServer::newConnection, this, &FaultProxy::accepted);
}

FaultProxy::~FaultProxy()
{
    endWatches(true);
}

QString FaultProxy::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port);
}

void FaultProxy::accepted()
{
    while (QTcpSocket *socket = server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            const QList<QByteArray> lines = buffer->left(headEnd).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            Request request{
                requestLine.value(0), QString::fromLatin1(requestLine.value(1)), {}, {}, {}, {}};
            qsizetype length = 0;
            for (const QByteArray &line : lines.mid(1)) {
                const qsizetype colon = line.indexOf(':');
                const QByteArray name = line.left(colon).trimmed().toLower();
                const QByteArray value = line.mid(colon + 1).trimmed();
                if (name == "content-length")
                    length = value.toLongLong();
                else if (name == "authorization")
                    request.authorization = value;
                else if (name == "accept")
                    request.accept = value;
                else if (name == "content-type")
                    request.contentType = value;
            }
            if (buffer->size() < headEnd + 4 + length)
                return; // the body is still coming
            request.body = buffer->mid(headEnd + 4, length);
            buffer->clear();
            socket->disconnect(this); // one request per connection: answered with close
            handle(socket, request);
        });
    }
}

void FaultProxy::handle(QTcpSocket *socket, const Request &request)
{
    if (tokenCheck) {
        const QByteArray token = request.authorization.startsWith("Bearer ")
                                     ? request.authorization.mid(7)
                                     : QByteArray();
        if (!tokenCheck(token)) {
            ++refused;
            return answer(socket, 401, "Unauthorized", QStringLiteral("Unauthorized"));
        }
    }
    const std::optional<Armed> fault = take(request);
    if (!fault)
        return forward(socket, request, false);
    if (fault->fault != Fault::DropMidList && fault->announce)
        Q_EMIT fired(fault->fault);
    switch (fault->fault) {
    case Fault::ErrorEvent410: {
        const QJsonObject event{{QStringLiteral("type"), QStringLiteral("ERROR")},
                                {QStringLiteral("object"),
                                 QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")},
                                             {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                             {QStringLiteral("status"), QStringLiteral("Failure")},
                                             {QStringLiteral("message"),
                                              QStringLiteral("too old resource version: 1 (2)")},
                                             {QStringLiteral("reason"), QStringLiteral("Expired")},
                                             {QStringLiteral("code"), 410}}}};
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                      "chunked\r\nConnection: close\r\n\r\n"
                      + chunk(QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n')
                      + "0\r\n\r\n");
        socket->disconnectFromHost();
        return;
    }
    case Fault::Http410:
        return answer(socket, 410, "Expired", QStringLiteral("too old resource version: 1 (2)"));
    case Fault::ExpiredContinue:
        return answer(socket, 410, "Expired",
                      QStringLiteral("The provided continue parameter is too old to display a "
                                     "consistent list result. You can start a new list without "
                                     "the continue parameter, or use the continue token in this "
                                     "response to retrieve the remainder of the results."));
    case Fault::TooManyRequests:
        return answer(socket, 429, "TooManyRequests",
                      QStringLiteral("the server has received too many requests and has asked "
                                     "us to try again later"),
                      "Retry-After: 1\r\n");
    case Fault::InternalError:
        return answer(socket, 500, "InternalError",
                      QStringLiteral("Internal error occurred: injected"));
    case Fault::Unavailable:
        return answer(socket, 503, "ServiceUnavailable",
                      QStringLiteral("the server is currently unable to handle the request"),
                      "Retry-After: 1\r\n");
    case Fault::SilentWatch:
        // The answer starts, then nothing: a connection a NAT or VPN forgot. The client must
        // notice by itself; the socket closes when it gives up.
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                      "chunked\r\nConnection: close\r\n\r\n");
        return;
    case Fault::DropMidList:
        return forward(socket, request, true);
    case Fault::DropMidWatch: {
        forward(socket, request, false);
        QTimer::singleShot(300, this, [this] { endWatches(true); });
        return;
    }
    case Fault::Outage:
        return; // not armed: inject() acts at once
    }
}

std::optional<FaultProxy::Armed> FaultProxy::take(const Request &request)
{
    if (request.method != "GET" || !request.target.startsWith(scope))
        return std::nullopt;
    const bool watch = isWatch(request.target);
    const bool continued = isContinued(request.target);
    for (auto it = armed.begin(); it != armed.end(); ++it) {
        bool fits = false;
        switch (it->fault) {
        case Fault::ErrorEvent410:
        case Fault::Http410:
        case Fault::SilentWatch:
        case Fault::DropMidWatch:
            fits = watch;
            break;
        case Fault::TooManyRequests:
        case Fault::InternalError:
        case Fault::Unavailable:
            fits = true;
            break;
        case Fault::DropMidList:
            fits = !watch && !continued;
            break;
        case Fault::ExpiredContinue:
            fits = continued;
            break;
        case Fault::Outage:
            break;
        }
        if (fits) {
            const Armed taken = *it;
            armed.erase(it);
            return taken;
        }
    }
    return std::nullopt;
}

void FaultProxy::answer(QTcpSocket *socket, int code, const QByteArray &reason,
                        const QString &message, const QByteArray &extraHeaders)
{
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")},
                                  {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                  {QStringLiteral("metadata"), QJsonObject()},
                                  {QStringLiteral("status"), QStringLiteral("Failure")},
                                  {QStringLiteral("message"), message},
                                  {QStringLiteral("reason"), QString::fromLatin1(reason)},
                                  {QStringLiteral("code"), code}})
            .toJson(QJsonDocument::Compact);
    socket->write("HTTP/1.1 " + QByteArray::number(code) + ' ' + reason
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + QByteArray::number(body.size()) + "\r\n" + extraHeaders
                  + "Connection: close\r\n\r\n" + body);
    socket->disconnectFromHost();
}

void FaultProxy::forward(QTcpSocket *socket, const Request &request, bool cutHalfway)
{
    QString target = request.target;
    const bool watch = isWatch(target);
    if (pageLimit > 0 && !watch && target.startsWith(scope))
        target.replace(QRegularExpression(QStringLiteral("\\blimit=\\d+")),
                       QStringLiteral("limit=%1").arg(pageLimit));
    auto upstreamRequest = upstream.request(target);
    if (!upstreamRequest)
        return answer(socket, 500, "InternalError", upstreamRequest.error().message);
    if (!request.accept.isEmpty())
        upstreamRequest->setRawHeader("Accept", request.accept);
    if (!request.contentType.isEmpty())
        upstreamRequest->setRawHeader("Content-Type", request.contentType);
    // A watch holds its connection for minutes: each gets a network of its own, as Qt opens
    // only six connections per server and network.
    QNetworkAccessManager *via = &network;
    if (watch) {
        upstreamRequest->setTransferTimeout(0);
        via = new QNetworkAccessManager(socket);
        via->setProxy(upstream.proxy());
        via->setAutoDeleteReplies(true);
    }
    QNetworkReply *reply = via->sendCustomRequest(*upstreamRequest, request.method, request.body);
    if (watch)
        watches.push_back({socket, reply});
    connect(socket, &QTcpSocket::disconnected, reply, &QNetworkReply::abort);
    auto headSent = std::make_shared<bool>(false);
    const auto head = [reply](const QByteArray &framing) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QByteArray lines = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: "
                           + reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()
                           + "\r\n" + framing + "Connection: close\r\n";
        if (reply->hasRawHeader("Retry-After"))
            lines += "Retry-After: " + reply->rawHeader("Retry-After") + "\r\n";
        return lines + "\r\n";
    };
    if (!cutHalfway) {
        connect(reply, &QNetworkReply::readyRead, socket, [socket, reply, head, headSent] {
            if (!std::exchange(*headSent, true))
                socket->write(head("Transfer-Encoding: chunked\r\n"));
            socket->write(chunk(reply->readAll()));
        });
    }
    connect(
        reply, &QNetworkReply::finished, socket, [this, socket, reply, head, headSent, cutHalfway] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 0) { // no answer at all: the server went away
                socket->abort();
                return;
            }
            if (cutHalfway) {
                const QByteArray body = reply->readAll();
                socket->write(head("Content-Length: " + QByteArray::number(body.size()) + "\r\n"));
                socket->write(body.left(body.size() / 2));
                Q_EMIT fired(Fault::DropMidList);
                socket->disconnectFromHost(); // the rest never comes
                return;
            }
            if (!std::exchange(*headSent, true))
                socket->write(head("Transfer-Encoding: chunked\r\n"));
            const QByteArray rest = reply->readAll();
            if (!rest.isEmpty())
                socket->write(chunk(rest));
            socket->write("0\r\n\r\n");
            socket->disconnectFromHost();
        });
}

void FaultProxy::endWatches(bool abruptly)
{
    std::vector<Watch> ending;
    ending.swap(watches);
    for (const Watch &watch : ending) {
        if (watch.reply)
            watch.reply->disconnect(this);
        if (!watch.socket)
            continue;
        if (watch.reply)
            watch.reply->disconnect(watch.socket);
        if (abruptly) {
            watch.socket->abort();
        } else {
            // As the server ends a watch at its timeout: the stream closes cleanly.
            watch.socket->write("0\r\n\r\n");
            watch.socket->disconnectFromHost();
        }
        if (watch.reply)
            watch.reply->abort();
    }
}

void FaultProxy::inject(Fault fault)
{
    switch (fault) {
    case Fault::Outage: {
        Q_EMIT fired(fault);
        endWatches(true);
        server.close();
        for (QTcpSocket *socket : server.findChildren<QTcpSocket *>())
            socket->abort();
        QTimer::singleShot(1500, this, [this] { server.listen(QHostAddress::LocalHost, port); });
        return;
    }
    case Fault::DropMidWatch:
        // Cut off the watches in flight, mid-stream; or the next one if there is none.
        watches.erase(std::remove_if(watches.begin(), watches.end(),
                                     [](const Watch &watch) { return !watch.socket; }),
                      watches.end());
        if (!watches.empty()) {
            Q_EMIT fired(fault);
            endWatches(true);
            return;
        }
        armed.push_back({fault, true});
        return;
    case Fault::DropMidList:
    case Fault::ExpiredContinue:
        armed.push_back({Fault::ErrorEvent410, false}); // the relist the fault hits
        break;
    default:
        break;
    }
    armed.push_back({fault, true});
    endWatches(false);
}

} // namespace kubestrap::test
