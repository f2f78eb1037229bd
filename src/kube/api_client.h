#pragma once

#include "cluster_connection.h"
#include "error.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>

#include <functional>

class QNetworkReply;

namespace kubestrap {

// Why an API call failed, classified as client-go classifies it, with a message a user can act
// on (the Status message, or the TLS, DNS or connection problem named as such).
struct ApiFailure {
    enum class Kind {
        Unauthorized,
        Forbidden,
        NotFound,
        AlreadyExists,
        Conflict,
        Invalid,
        Gone,
        TooManyRequests,
        ServerError,
        BadRequest,
        Tls,
        Dns,
        Connection,
        Timeout,
        Cancelled,
        Other
    };
    Kind kind = Kind::Other;
    int httpStatus = 0;
    QString message;
    QString reason; // the Status reason, when the server sent one
};

// The Kubernetes API over QNetworkAccessManager for one connection: asynchronous JSON calls that
// answer through a callback on the calling thread, never blocking it.
class ApiClient : public QObject {
    Q_OBJECT

public:
    using Callback = std::function<void(const QJsonObject &body, const ApiFailure *failure)>;

    explicit ApiClient(ClusterConnection connection, QObject *parent = nullptr);

    const ClusterConnection &connection() const { return cluster; }

    void get(const QString &pathAndQuery, Callback done);
    void create(const QString &path, const QJsonObject &object, Callback done);

    // Requests time out after this long without an answer (client-go has no default; 30 s here).
    void setTimeout(std::chrono::milliseconds timeout) { requestTimeout = timeout; }

private:
    void send(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body,
              Callback done);
    ApiFailure failureOf(QNetworkReply *reply, const QByteArray &body) const;

    ClusterConnection cluster;
    QNetworkAccessManager network;
    std::chrono::milliseconds requestTimeout{30000};
};

// Blocks on `call` until it answers: for the command-line tool, never for the GUI.
Result<QJsonObject> waitFor(const std::function<void(ApiClient::Callback)> &call);

} // namespace kubestrap
