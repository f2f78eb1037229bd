#include "api_client.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSslError>

namespace kubestrap {

namespace {

ApiFailure::Kind kindOf(int status, const QString &reason)
{
    switch (status) {
    case 401:
        return ApiFailure::Kind::Unauthorized;
    case 403:
        return ApiFailure::Kind::Forbidden;
    case 404:
        return ApiFailure::Kind::NotFound;
    case 409:
        return reason == QLatin1String("AlreadyExists") ? ApiFailure::Kind::AlreadyExists
                                                        : ApiFailure::Kind::Conflict;
    case 410:
        return ApiFailure::Kind::Gone;
    case 422:
        return ApiFailure::Kind::Invalid;
    case 429:
        return ApiFailure::Kind::TooManyRequests;
    case 400:
        return ApiFailure::Kind::BadRequest;
    }
    return status >= 500 ? ApiFailure::Kind::ServerError : ApiFailure::Kind::Other;
}

// A 422's field causes, each on its own line, as the user must fix each.
QString withCauses(const QString &message, const QJsonObject &status)
{
    QStringList lines{message};
    for (const QJsonValue &cause : status.value(QStringLiteral("details"))
                                       .toObject()
                                       .value(QStringLiteral("causes"))
                                       .toArray()) {
        const QJsonObject c = cause.toObject();
        lines << QStringLiteral("  %1: %2")
                     .arg(c.value(QStringLiteral("field")).toString(),
                          c.value(QStringLiteral("message")).toString());
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

ApiClient::ApiClient(ClusterConnection connection, QObject *parent)
    : QObject(parent), cluster(std::move(connection))
{
    network.setProxy(cluster.proxy());
    network.setAutoDeleteReplies(true);
}

void ApiClient::get(const QString &pathAndQuery, Callback done)
{
    send("GET", pathAndQuery, {}, std::move(done));
}

void ApiClient::create(const QString &path, const QJsonObject &object, Callback done)
{
    send("POST", path, QJsonDocument(object).toJson(QJsonDocument::Compact), std::move(done));
}

void ApiClient::send(const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body,
                     Callback done)
{
    auto request = cluster.request(pathAndQuery);
    if (!request) {
        const ApiFailure failure{ApiFailure::Kind::Unauthorized, 0, request.error().message, {}};
        done({}, &failure);
        return;
    }
    request->setTransferTimeout(int(requestTimeout.count()));
    if (!body.isEmpty())
        request->setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = network.sendCustomRequest(*request, verb, body);
    // TLS errors are collected so that a failed handshake can say what was wrong.
    auto sslErrors = std::make_shared<QList<QSslError>>();
    connect(reply, &QNetworkReply::sslErrors, this,
            [sslErrors](const QList<QSslError> &errors) { *sslErrors = errors; });
    connect(reply, &QNetworkReply::finished, this, [this, reply, done, sslErrors] {
        const QByteArray answer = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
            done(QJsonDocument::fromJson(answer).object(), nullptr);
            return;
        }
        ApiFailure failure = failureOf(reply, answer);
        if (failure.kind == ApiFailure::Kind::Tls && !sslErrors->isEmpty())
            failure.message =
                tr("TLS with %1 failed: %2")
                    .arg(cluster.server().toString(), sslErrors->first().errorString());
        done({}, &failure);
    });
}

ApiFailure ApiClient::failureOf(QNetworkReply *reply, const QByteArray &body) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0) {
        const QJsonObject statusBody = QJsonDocument::fromJson(body).object();
        const QString reason = statusBody.value(QStringLiteral("reason")).toString();
        QString message = statusBody.value(QStringLiteral("message")).toString();
        if (message.isEmpty())
            message =
                tr("the server answered %1 %2")
                    .arg(status)
                    .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
        if (status == 401)
            message = tr("%1: the server did not accept the credential of context '%2'")
                          .arg(message, cluster.contextName());
        return {kindOf(status, reason), status,
                status == 422 ? withCauses(message, statusBody) : message, reason};
    }
    const QString server = cluster.server().toString();
    switch (reply->error()) {
    case QNetworkReply::SslHandshakeFailedError:
        return {ApiFailure::Kind::Tls,
                0,
                tr("TLS with %1 failed: %2").arg(server, reply->errorString()),
                {}};
    case QNetworkReply::HostNotFoundError:
        return {ApiFailure::Kind::Dns,
                0,
                tr("the name %1 does not resolve (DNS)").arg(cluster.server().host()),
                {}};
    case QNetworkReply::ConnectionRefusedError:
        return {ApiFailure::Kind::Connection,
                0,
                tr("nothing answers at %1 (connection refused)").arg(server),
                {}};
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return {ApiFailure::Kind::Timeout, 0, tr("%1 did not answer in time").arg(server), {}};
    default:
        return {ApiFailure::Kind::Connection,
                0,
                tr("cannot reach %1: %2").arg(server, reply->errorString()),
                {}};
    }
}

Result<QJsonObject> waitFor(const std::function<void(ApiClient::Callback)> &call)
{
    QEventLoop loop;
    Result<QJsonObject> result = fail(QString());
    call([&](const QJsonObject &body, const ApiFailure *failure) {
        result = failure ? Result<QJsonObject>(fail(failure->message, failure->reason))
                         : Result<QJsonObject>(body);
        loop.quit();
    });
    loop.exec();
    return result;
}

} // namespace kubestrap
