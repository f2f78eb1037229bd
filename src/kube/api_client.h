#pragma once

#include "cluster_connection.h"
#include "error.h"
#include "list_decoder.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>

#include <deque>
#include <functional>
#include <map>

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
    // Requests still in flight end without calling back: whoever waited may be gone too.
    ~ApiClient() override;

    const ClusterConnection &connection() const { return cluster; }
    // The user's exec plugin, when the credential comes from one.
    ExecCredentialProvider *execPlugin() const { return plugin.get(); }

    // Writes ask the server to check without storing when `dryRun` (dryRun=All), so the UI can
    // show the server's verdict before anything changes.
    enum class Write { Apply, DryRun };

    void get(const QString &pathAndQuery, Callback done);
    // The answer's bytes, undecoded: for a caller that decodes them itself, or only times them.
    using RawCallback = std::function<void(const QByteArray &answer, const ApiFailure *failure)>;
    void getRaw(const QString &pathAndQuery, RawCallback done,
                const QByteArray &accept = "application/json");
    void create(const QString &path, const QJsonObject &object, Callback done,
                Write write = Write::Apply);
    void update(const QString &path, const QJsonObject &object, Callback done,
                Write write = Write::Apply);
    // A JSON merge patch (RFC 7386).
    void patch(const QString &path, const QJsonObject &mergePatch, Callback done,
               Write write = Write::Apply);
    void remove(const QString &path, Callback done, Write write = Write::Apply);
    // A delete refused (Conflict) unless the object still has this uid and resourceVersion.
    void removeIfUnchanged(const QString &path, const QJsonObject &object, Callback done);

    // Lists `path` in pages, following `continue`: the first of `pageSize` (500, as kubectl and
    // client-go; 0 for one unpaged list), the later ones as large as a few megabytes hold; `page`
    // sees each page's items as it arrives, decoded off this thread, and `done` the list's
    // resourceVersion or why not. The returned id cancels it
    // (`done` then says Cancelled).
    using PageCallback = std::function<void(std::vector<DecodedObject> &items)>;
    using ListDone = std::function<void(const QString &resourceVersion, const ApiFailure *failure)>;
    // With a digest, each item is handed over as its digest (see Digest).
    quint64 list(const QString &path, PageCallback page, ListDone done, int pageSize = 500,
                 Digest digest = nullptr);

    // Watches `path` from `resourceVersion` (with bookmarks): `event` sees the events read
    // together ("ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR" with a Status); `ended` when
    // the stream closes, with the failure if it broke. The returned id cancels it.
    struct WatchEvent {
        QString type;
        QJsonObject object;
    };
    using EventCallback = std::function<void(const std::vector<WatchEvent> &events)>;
    using EndCallback = std::function<void(const ApiFailure *failure)>;
    // With a digest, the server is asked for no more than the digest keeps, where it can (see
    // metadataOnly); the events still carry what the server sent.
    quint64 watch(const QString &path, const QString &resourceVersion, EventCallback event,
                  EndCallback ended, std::chrono::seconds timeout = std::chrono::minutes(5),
                  Digest digest = nullptr);
    // Ends a list or a watch: its request is aborted, its callback told Cancelled.
    void cancel(quint64 id);

    // The certificates (DER) the server presented in its TLS handshake, its own first, as the
    // chain a node checks against cluster-info's CA. Answers once the request is done, whatever
    // the HTTP answer; fails when there was no handshake.
    using ChainCallback =
        std::function<void(const QList<QByteArray> &chain, const ApiFailure *failure)>;
    void serverCertificates(ChainCallback done);

    // Requests time out after this long without an answer (client-go has no default; 30 s here).
    void setTimeout(std::chrono::milliseconds timeout) { requestTimeout = timeout; }

private:
    // How a request in flight is cancelled: the flag is checked before each (re)send and page,
    // and the reply on the wire is aborted.
    struct Cancellation {
        bool cancelled = false;
        QPointer<QNetworkReply> reply;
    };
    using CancelHandle = std::shared_ptr<Cancellation>;

    // One request as it is sent, and sent again when it is retried.
    struct Outgoing {
        QByteArray verb;
        QString pathAndQuery;
        QByteArray body = {};
        QByteArray contentType = "application/json";
        QByteArray accept = "application/json";
        CancelHandle handle = {};
    };
    void send(Outgoing request, Callback done);
    // `attempt` counts earlier tries of this request (401 with a plugin, 429 and 5xx).
    void sendRaw(Outgoing request, RawCallback done, int attempt = 0);
    void sendNow(const Outgoing &request, const RawCallback &done, int attempt);
    // At most kMaxInFlight requests (watches aside) are handed to Qt at once; the rest wait
    // their turn here, in order. Qt starts a request's timeout when it is handed over, so a
    // thousand requests handed over at once would wait in Qt's queue or the server's until their
    // timeouts ran out.
    static constexpr int kMaxInFlight = 32;
    void whenSlotFree(std::function<void()> start);
    void slotFreed();
    int inFlight = 0;
    std::deque<std::function<void()>> queued;
    // How long to wait before trying a failed request again, or nothing when it should not be.
    std::optional<std::chrono::milliseconds> retryDelay(const QByteArray &verb, int status,
                                                        QNetworkReply *reply, int attempt) const;
    // Runs `then` with the exec plugin's credential (none without a plugin), or fails `failed`.
    void startWatch(quint64 id, const QString &path, const QString &resourceVersion,
                    const ExecCredential *credential, const EventCallback &event,
                    const EndCallback &ended, std::chrono::seconds timeout, Digest digest);
    void withCredential(const std::function<void(const ExecCredential *)> &then,
                        const std::function<void(const ApiFailure &)> &failed);
    ApiFailure failureOf(QNetworkReply *reply, const QByteArray &body) const;
    // What to do about a TLS failure, said the same way wherever it is found.
    QString tlsAdvice() const;

    // How many objects to ask for after a page of `items` that took `bytes`.
    static int laterPageSize(int pageSize, int items, qsizetype bytes);
    void listFrom(quint64 id, const QString &path, const QString &continueToken, int pageSize,
                  Digest digest, PageCallback page, ListDone done);
    std::map<quint64, CancelHandle> lists;

    ClusterConnection cluster;
    std::unique_ptr<ExecCredentialProvider> plugin;
    // A network for one more watch. A watch holds an HTTP/1.1 connection for minutes, and Qt
    // opens at most six per server and network: watches get networks of their own, a few each,
    // so they never queue behind each other nor hold up the calls on `network`.
    QNetworkAccessManager *networkForWatch();

    QNetworkAccessManager network;
    std::vector<std::unique_ptr<QNetworkAccessManager>> watchNetworks;
    std::map<quint64, QPointer<QNetworkReply>> watches;
    quint64 nextId = 1; // of lists and watches
    std::chrono::milliseconds requestTimeout{30000};
};

// Blocks on `call` until it answers: for the command-line tool, never for the GUI.
Result<QJsonObject> waitFor(const std::function<void(ApiClient::Callback)> &call);

} // namespace kubestrap
