#include "api_client.h"

#include <QEventLoop>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSslError>
#include <QtConcurrent/QtConcurrentRun>
#include <QTimer>
#include <QUrl>

#include <algorithm>

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
    if (cluster.execPlugin())
        plugin = std::make_unique<ExecCredentialProvider>(
            *cluster.execPlugin(), cluster.server().toString(), cluster.certificateAuthorityPem());
    network.setProxy(cluster.proxy());
    network.setAutoDeleteReplies(true);
}

ApiClient::~ApiClient()
{
    std::vector<QNetworkAccessManager *> all{&network};
    for (const auto &watchNetwork : watchNetworks)
        all.push_back(watchNetwork.get());
    for (QNetworkAccessManager *manager : all) {
        for (QNetworkReply *reply : manager->findChildren<QNetworkReply *>()) {
            reply->disconnect(this);
            reply->abort();
        }
    }
}

QNetworkAccessManager *ApiClient::networkForWatch()
{
    constexpr qsizetype kWatchesPerNetwork = 4;
    for (const auto &candidate : watchNetworks) {
        if (candidate->findChildren<QNetworkReply *>().size() < kWatchesPerNetwork)
            return candidate.get();
    }
    auto added = std::make_unique<QNetworkAccessManager>();
    added->setProxy(cluster.proxy());
    added->setAutoDeleteReplies(true);
    watchNetworks.push_back(std::move(added));
    return watchNetworks.back().get();
}

void ApiClient::get(const QString &pathAndQuery, Callback done)
{
    send({"GET", pathAndQuery}, std::move(done));
}

void ApiClient::getRaw(const QString &pathAndQuery, RawCallback done, const QByteArray &accept)
{
    Outgoing request{"GET", pathAndQuery};
    request.accept = accept;
    sendRaw(std::move(request), std::move(done));
}

namespace {

QString withDryRun(const QString &path, ApiClient::Write write)
{
    if (write == ApiClient::Write::Apply)
        return path;
    return path
           + (path.contains(QLatin1Char('?')) ? QStringLiteral("&dryRun=All")
                                              : QStringLiteral("?dryRun=All"));
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

void ApiClient::create(const QString &path, const QJsonObject &object, Callback done, Write write)
{
    send({"POST", withDryRun(path, write), compact(object)}, std::move(done));
}

void ApiClient::update(const QString &path, const QJsonObject &object, Callback done, Write write)
{
    send({"PUT", withDryRun(path, write), compact(object)}, std::move(done));
}

void ApiClient::patch(const QString &path, const QJsonObject &mergePatch, Callback done,
                      Write write)
{
    send({"PATCH", withDryRun(path, write), compact(mergePatch), "application/merge-patch+json"},
         std::move(done));
}

void ApiClient::remove(const QString &path, Callback done, Write write)
{
    send({"DELETE", withDryRun(path, write)}, std::move(done));
}

void ApiClient::removeIfUnchanged(const QString &path, const QJsonObject &object, Callback done)
{
    const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    QJsonObject preconditions;
    for (const char *field : {"uid", "resourceVersion"})
        if (const QString value = metadata.value(QLatin1String(field)).toString(); !value.isEmpty())
            preconditions.insert(QLatin1String(field), value);
    const QJsonObject options{{QStringLiteral("kind"), QStringLiteral("DeleteOptions")},
                              {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                              {QStringLiteral("preconditions"), preconditions}};
    send({"DELETE", path, compact(options)}, std::move(done));
}

quint64 ApiClient::list(const QString &path, PageCallback page, ListDone done, int pageSize,
                        Digest digest)
{
    const quint64 id = nextId++;
    lists[id] = std::make_shared<Cancellation>();
    listFrom(id, path, QString(), pageSize, digest, std::move(page),
             [this, id, done = std::move(done)](const QString &version, const ApiFailure *failure) {
                 lists.erase(id);
                 done(version, failure);
             });
    return id;
}

int ApiClient::laterPageSize(int pageSize, int items, qsizetype bytes)
{
    // The first page is small, so the first rows come soon; the pages after it hold as many
    // objects as fit in about 4 MB, up to 5,000 (2,500 RoleBindings a page of 500 would take):
    // fewer round trips, each of which the server starts only when asked. 10,000 RoleBindings from
    // a real kube-apiserver: 0.46 s in pages of 500, 0.27 s so (tests/bench/bench_list_objects).
    constexpr qsizetype kPageBytes = 4 * 1024 * 1024;
    constexpr int kLargestPage = 5000;
    if (pageSize <= 0 || items <= 0 || bytes <= 0)
        return pageSize;
    return int(std::clamp<qsizetype>(kPageBytes * items / bytes, pageSize, kLargestPage));
}

void ApiClient::listFrom(quint64 id, const QString &path, const QString &continueToken,
                         int pageSize, Digest digest, PageCallback page, ListDone done)
{
    const auto it = lists.find(id);
    if (it == lists.end() || it->second->cancelled) {
        const ApiFailure cancelled{
            ApiFailure::Kind::Cancelled, 0, tr("the list was cancelled"), {}};
        return done(QString(), &cancelled);
    }
    const CancelHandle handle = it->second;
    // A page size of 0 asks for everything at once.
    QStringList query;
    if (pageSize > 0)
        query << QStringLiteral("limit=%1").arg(pageSize);
    if (!continueToken.isEmpty())
        query << QStringLiteral("continue=")
                     + QString::fromLatin1(QUrl::toPercentEncoding(continueToken));
    const QString separator =
        path.contains(QLatin1Char('?')) ? QStringLiteral("&") : QStringLiteral("?");
    Outgoing request{"GET",
                     query.isEmpty() ? path : path + separator + query.join(QLatin1Char('&'))};
    request.accept = acceptHeaderFor(digest, true);
    request.handle = handle;
    sendRaw(std::move(request), [this, id, path, pageSize, digest, page,
                                 done](const QByteArray &answer, const ApiFailure *failure) {
        const qsizetype bytes = answer.size();
        if (failure)
            return done(QString(), failure);
        // A page of 500 takes milliseconds to decode: a pool thread does it, so the
        // event loop keeps painting and reading other replies meanwhile.
        auto *decoding = new QFutureWatcher<Result<DecodedList>>(this);
        connect(decoding, &QFutureWatcherBase::finished, this,
                [this, decoding, id, path, pageSize, digest, page, done, bytes] {
                    decoding->deleteLater();
                    Result<DecodedList> decoded = decoding->result();
                    if (!decoded) {
                        const ApiFailure failure{
                            ApiFailure::Kind::Other, 200, decoded.error().message, {}};
                        return done(QString(), &failure);
                    }
                    const auto it = lists.find(id);
                    if (it == lists.end() || it->second->cancelled)
                        return listFrom(id, path, {}, pageSize, digest, page, done); // says so
                    // The next page is asked for before this one is handed over, so
                    // the server works while the views take this one in.
                    const bool last = decoded->continueToken.isEmpty();
                    if (!last)
                        listFrom(id, path, decoded->continueToken,
                                 laterPageSize(pageSize, int(decoded->items.size()), bytes), digest,
                                 page, done);
                    page(decoded->items);
                    if (last)
                        done(decoded->resourceVersion, nullptr);
                });
        decoding->setFuture(QtConcurrent::run(decodeList, answer, digest));
    });
}

quint64 ApiClient::watch(const QString &path, const QString &resourceVersion, EventCallback event,
                         EndCallback ended, std::chrono::seconds timeout, Digest digest)
{
    const quint64 id = nextId++;
    watches[id] = nullptr; // until the credential is there; cancel() may end it before
    // A watch gets the plugin's credential as any request does, run again once expired.
    withCredential(
        [=, this](const ExecCredential *credential) {
            if (!watches.contains(id)) {
                const ApiFailure cancelled{
                    ApiFailure::Kind::Cancelled, 0, tr("the watch was cancelled"), {}};
                return ended(&cancelled);
            }
            startWatch(id, path, resourceVersion, credential, event, ended, timeout, digest);
        },
        [=, this](const ApiFailure &failure) {
            watches.erase(id);
            ended(&failure);
        });
    return id;
}

void ApiClient::startWatch(quint64 id, const QString &path, const QString &resourceVersion,
                           const ExecCredential *credential, const EventCallback &event,
                           const EndCallback &ended, std::chrono::seconds timeout, Digest digest)
{
    const QString separator =
        path.contains(QLatin1Char('?')) ? QStringLiteral("&") : QStringLiteral("?");
    auto request = cluster.request(
        path + separator
            + QStringLiteral(
                  "watch=true&allowWatchBookmarks=true&timeoutSeconds=%1&resourceVersion=%2")
                  .arg(timeout.count())
                  .arg(resourceVersion),
        credential);
    if (!request) {
        watches.erase(id);
        const ApiFailure failure{ApiFailure::Kind::Unauthorized, 0, request.error().message, {}};
        ended(&failure);
        return;
    }
    request->setRawHeader("Accept", acceptHeaderFor(digest, false));
    request->setTransferTimeout(0); // a quiet watch is not a stalled one; the server ends it
    QNetworkReply *reply = networkForWatch()->get(*request);
    watches[id] = reply;
    auto buffer = std::make_shared<QByteArray>();
    connect(reply, &QNetworkReply::readyRead, this, [reply, buffer, event] {
        *buffer += reply->readAll();
        // One JSON object per line, as the API server streams watch events. Every complete
        // line read at once is handed over as one burst, so listeners update once for it.
        std::vector<WatchEvent> events;
        qsizetype start = 0;
        qsizetype end;
        while ((end = buffer->indexOf('\n', start)) >= 0) {
            const QJsonObject line =
                QJsonDocument::fromJson(
                    QByteArrayView(*buffer).sliced(start, end - start).toByteArray())
                    .object();
            start = end + 1;
            if (!line.isEmpty())
                events.push_back({line.value(QStringLiteral("type")).toString(),
                                  line.value(QStringLiteral("object")).toObject()});
        }
        buffer->remove(0, start);
        if (!events.empty())
            event(events);
    });
    connect(reply, &QNetworkReply::finished, this, [this, id, reply, ended] {
        watches.erase(id);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status == 200)
            return ended(nullptr);
        if (reply->error() == QNetworkReply::OperationCanceledError) {
            const ApiFailure cancelled{
                ApiFailure::Kind::Cancelled, 0, tr("the watch was cancelled"), {}};
            return ended(&cancelled);
        }
        // A plugin's credential the server no longer takes is asked for again next time.
        if (status == 401 && plugin)
            plugin->forget();
        const ApiFailure failure =
            failureOf(reply, reply->isOpen() ? reply->readAll() : QByteArray());
        ended(&failure);
    });
}

void ApiClient::serverCertificates(ChainCallback done)
{
    const std::optional<ExecCredential> fromPlugin = plugin ? plugin->current() : std::nullopt;
    auto request = cluster.request(QStringLiteral("/version"), fromPlugin ? &*fromPlugin : nullptr);
    if (!request) {
        const ApiFailure failure{ApiFailure::Kind::Unauthorized, 0, request.error().message, {}};
        return done({}, &failure);
    }
    request->setTransferTimeout(int(requestTimeout.count()));
    QNetworkReply *reply = network.get(*request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done] {
        // Read at the end: a connection reused from an earlier request has no new handshake.
        QList<QByteArray> chain;
        for (const QSslCertificate &certificate : reply->sslConfiguration().peerCertificateChain())
            chain << certificate.toDer();
        if (!chain.isEmpty())
            return done(chain, nullptr);
        ApiFailure failure = failureOf(reply, reply->readAll());
        if (cluster.server().scheme() != QLatin1String("https"))
            failure = {ApiFailure::Kind::Tls,
                       0,
                       tr("%1 is not an HTTPS URL: there is no certificate to check")
                           .arg(cluster.server().toString()),
                       {}};
        done({}, &failure);
    });
}

void ApiClient::cancel(quint64 id)
{
    if (const auto list = lists.find(id); list != lists.end()) {
        const CancelHandle handle = list->second;
        handle->cancelled = true;
        if (handle->reply)
            handle->reply->abort(); // its callback says Cancelled
        return;
    }
    const auto it = watches.find(id);
    if (it == watches.end())
        return;
    if (it->second)
        it->second->abort();
    else
        watches.erase(it); // still waiting for its credential: it ends, cancelled, when it comes
}

void ApiClient::withCredential(const std::function<void(const ExecCredential *)> &then,
                               const std::function<void(const ApiFailure &)> &failed)
{
    if (!plugin)
        return then(nullptr);
    plugin->credential([then, failed](const Result<ExecCredential> &credential) {
        if (!credential)
            return failed(ApiFailure{credential.error().detail == QLatin1String("Cancelled")
                                         ? ApiFailure::Kind::Cancelled
                                         : ApiFailure::Kind::Unauthorized,
                                     0,
                                     credential.error().message,
                                     {}});
        then(&*credential);
    });
}

std::optional<std::chrono::milliseconds>
ApiClient::retryDelay(const QByteArray &verb, int status, QNetworkReply *reply, int attempt) const
{
    // As client-go: a server that says Retry-After (429, 503) is asked again after that long, a
    // few times; a read that met another server error is retried with a growing pause.
    const QByteArray retryAfter = reply->rawHeader("Retry-After");
    if (!retryAfter.isEmpty() && (status == 429 || status >= 500) && attempt < 5)
        return std::chrono::milliseconds(std::clamp(retryAfter.toLongLong(), 0LL, 60LL) * 1000);
    if (status >= 500 && verb == "GET" && attempt < 3)
        return std::chrono::milliseconds(500LL << attempt);
    return std::nullopt;
}

void ApiClient::send(Outgoing request, Callback done)
{
    sendRaw(std::move(request),
            [done = std::move(done)](const QByteArray &answer, const ApiFailure *failure) {
                done(failure ? QJsonObject() : QJsonDocument::fromJson(answer).object(), failure);
            });
}

void ApiClient::whenSlotFree(std::function<void()> start)
{
    if (inFlight < kMaxInFlight) {
        ++inFlight;
        return start();
    }
    queued.push_back(std::move(start));
}

void ApiClient::slotFreed()
{
    --inFlight;
    if (queued.empty())
        return;
    std::function<void()> next = std::move(queued.front());
    queued.pop_front();
    ++inFlight;
    next();
}

void ApiClient::sendRaw(Outgoing request, RawCallback done, int attempt)
{
    // The request waits here, not in the server: its timeout counts from when it is sent.
    whenSlotFree([=, this] { sendNow(request, done, attempt); });
}

void ApiClient::sendNow(const Outgoing &outgoing, const RawCallback &done, int attempt)
{
    const CancelHandle &handle = outgoing.handle;
    const auto failed = [this, done](const ApiFailure &failure) {
        slotFreed();
        done({}, &failure);
    };
    const auto cancelled = [handle] {
        return handle && handle->cancelled;
    };
    const ApiFailure wasCancelled{
        ApiFailure::Kind::Cancelled, 0, tr("the request was cancelled"), {}};
    if (cancelled())
        return failed(wasCancelled);
    withCredential(
        [=, this](const ExecCredential *credential) {
            if (cancelled())
                return failed(wasCancelled);
            auto request = cluster.request(outgoing.pathAndQuery, credential);
            if (!request)
                return failed(
                    ApiFailure{ApiFailure::Kind::Unauthorized, 0, request.error().message, {}});
            request->setTransferTimeout(int(requestTimeout.count()));
            request->setRawHeader("Accept", outgoing.accept);
            if (!outgoing.body.isEmpty())
                request->setHeader(QNetworkRequest::ContentTypeHeader, outgoing.contentType);
            QNetworkReply *reply =
                network.sendCustomRequest(*request, outgoing.verb, outgoing.body);
            if (handle)
                handle->reply = reply;
            // TLS errors are collected so that a failed handshake can say what was wrong.
            auto sslErrors = std::make_shared<QList<QSslError>>();
            connect(reply, &QNetworkReply::sslErrors, this,
                    [sslErrors](const QList<QSslError> &errors) { *sslErrors = errors; });
            connect(reply, &QNetworkReply::finished, this, [=, this] {
                slotFreed();
                // A reply that timed out or was aborted is closed: it has nothing to read.
                const QByteArray answer = reply->isOpen() ? reply->readAll() : QByteArray();
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300)
                    return done(answer, nullptr);
                if (cancelled())
                    return done({}, &wasCancelled);
                // A plugin's credential may have been revoked before it expired: ask once more.
                if (status == 401 && plugin && attempt == 0) {
                    plugin->forget();
                    return sendRaw(outgoing, done, attempt + 1);
                }
                if (const auto delay = retryDelay(outgoing.verb, status, reply, attempt)) {
                    QTimer::singleShot(*delay, this,
                                       [=, this] { sendRaw(outgoing, done, attempt + 1); });
                    return;
                }
                ApiFailure failure = failureOf(reply, answer);
                if (failure.kind == ApiFailure::Kind::Tls && !sslErrors->isEmpty())
                    failure.message = tr("TLS with %1 failed: %2. %3")
                                          .arg(cluster.server().toString(),
                                               sslErrors->first().errorString(), tlsAdvice());
                done({}, &failure);
            });
        },
        failed);
}

QString ApiClient::tlsAdvice() const
{
    return tr("The CA of context '%1' does not vouch for this server: check the server URL and "
              "the cluster's certificate-authority in the kubeconfig.")
        .arg(cluster.contextName());
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
            message = tr("%1: the server did not accept the credential of context '%2'. It may "
                         "have expired or been revoked: log in again or get a fresh kubeconfig.")
                          .arg(message, cluster.contextName());
        return {kindOf(status, reason), status,
                status == 422 ? withCauses(message, statusBody) : message, reason};
    }
    const QString server = cluster.server().toString();
    switch (reply->error()) {
    case QNetworkReply::SslHandshakeFailedError:
        return {ApiFailure::Kind::Tls,
                0,
                tr("TLS with %1 failed: %2. %3").arg(server, reply->errorString(), tlsAdvice()),
                {}};
    case QNetworkReply::HostNotFoundError:
        return {ApiFailure::Kind::Dns,
                0,
                tr("the name %1 does not resolve (DNS): check the server address in the "
                   "kubeconfig, and the network or VPN it needs")
                    .arg(cluster.server().host()),
                {}};
    case QNetworkReply::ConnectionRefusedError:
        return {ApiFailure::Kind::Connection,
                0,
                tr("nothing answers at %1 (connection refused): is the API server running, and "
                   "is this its address and port?")
                    .arg(server),
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
    std::optional<Result<QJsonObject>> result;
    call([&](const QJsonObject &body, const ApiFailure *failure) {
        result = failure ? Result<QJsonObject>(fail(failure->message, failure->reason))
                         : Result<QJsonObject>(body);
        loop.quit();
    });
    if (!result) // some failures answer at once, before the loop would run
        loop.exec();
    return *result;
}

} // namespace kubestrap
