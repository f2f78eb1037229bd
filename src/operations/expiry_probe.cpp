#include "expiry_probe.h"

#include "api_paths.h"
#include "cluster_connection.h"
#include "identity.h"
#include "rfc3339.h"
#include "x509.h"

#include <QJsonArray>
#include <QPointer>
#include <QSslSocket>
#include <QTimer>

namespace kubestrap {

namespace {

// The probe's parts answer in any order; the first `done` after the last part (or the timeout)
// hands the rows over, and anything later is dropped.
struct Probe {
    expiry::Row base;
    std::vector<expiry::Row> rows;
    std::function<void(std::vector<expiry::Row>)> done;
    int waiting = 3;
    bool over = false;

    void add(expiry::Kind kind, const QString &subject, const QDateTime &notAfter,
             const QString &source)
    {
        if (over || !notAfter.isValid())
            return;
        expiry::Row row = base;
        row.kind = kind;
        row.subject = subject;
        row.notAfter = notAfter.toUTC();
        row.source = source;
        rows.push_back(row);
    }
    void partDone()
    {
        if (--waiting == 0)
            finish();
    }
    void finish()
    {
        if (over)
            return;
        over = true;
        expiry::sortBySoonest(rows);
        done(std::move(rows));
    }
};

QString decoded(const QJsonObject &data, const char *key)
{
    return QString::fromUtf8(
        QByteArray::fromBase64(data.value(QLatin1String(key)).toString().toLatin1()));
}

// The serving certificate, read off a handshake that is not trusted and carries nothing: only
// its dates and names are wanted, so no CA need vouch for it.
void probeServingCertificate(const QUrl &server, const std::shared_ptr<Probe> &probe)
{
    auto *socket = new QSslSocket;
    socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    const auto read = [socket, probe, server] {
        const QSslCertificate certificate = socket->peerCertificate();
        if (!certificate.isNull()) {
            const auto info = x509::inspect(certificate.toPem());
            if (info)
                probe->add(expiry::Kind::ServingCertificate,
                           QStringLiteral("CN=") + info->commonName, info->notAfter,
                           server.toString());
        }
        socket->disconnect();
        socket->abort();
        socket->deleteLater();
        probe->partDone();
    };
    QObject::connect(socket, &QSslSocket::encrypted, socket, read);
    QObject::connect(socket, &QAbstractSocket::errorOccurred, socket, read);
    socket->connectToHostEncrypted(server.host(), quint16(server.port(443)));
}

void probeBootstrapTokens(ApiClient &client, const std::shared_ptr<Probe> &probe)
{
    client.get(
        paths::secrets(QStringLiteral("kube-system"))
            + QStringLiteral("?fieldSelector=type%3Dbootstrap.kubernetes.io%2Ftoken"),
        [probe](const QJsonObject &list, const ApiFailure *failure) {
            for (const QJsonValue &item :
                 failure ? QJsonArray() : list.value(QStringLiteral("items")).toArray()) {
                const QJsonObject data = item.toObject().value(QStringLiteral("data")).toObject();
                const auto expires = parseRfc3339(decoded(data, "expiration"));
                if (expires)
                    probe->add(expiry::Kind::BootstrapToken, decoded(data, "token-id"), *expires,
                               QStringLiteral("kube-system/bootstrap-token-")
                                   + decoded(data, "token-id"));
            }
            probe->partDone();
        });
}

// Requests are named by who sent them (spec.username); the user's own are found by asking the
// server who the context's credential is.
void probeIssuedCertificates(ApiClient &client, const std::shared_ptr<Probe> &probe)
{
    QPointer<ApiClient> alive(&client);
    findIdentity(client, [alive, probe](const Result<Identity> &identity) {
        if (!alive || !identity || identity->username.isEmpty())
            return probe->partDone();
        const QString user = identity->username;
        alive->get(paths::certificateSigningRequests(), [probe, user](const QJsonObject &list,
                                                                      const ApiFailure *failure) {
            for (const QJsonValue &item :
                 failure ? QJsonArray() : list.value(QStringLiteral("items")).toArray()) {
                const QJsonObject csr = item.toObject();
                if (csr.value(QStringLiteral("spec"))
                        .toObject()
                        .value(QStringLiteral("username"))
                        .toString()
                    != user)
                    continue;
                const QByteArray issued =
                    QByteArray::fromBase64(csr.value(QStringLiteral("status"))
                                               .toObject()
                                               .value(QStringLiteral("certificate"))
                                               .toString()
                                               .toLatin1());
                const auto info = x509::inspect(issued);
                if (!info)
                    continue;
                probe->add(expiry::Kind::ClientCertificate,
                           QStringLiteral("CN=") + info->commonName, info->notAfter,
                           QStringLiteral("certificatesigningrequests/")
                               + csr.value(QStringLiteral("metadata"))
                                     .toObject()
                                     .value(QStringLiteral("name"))
                                     .toString());
            }
            probe->partDone();
        });
    });
}

} // namespace

void probeExpiry(ApiClient &client, const expiry::Row &base, std::chrono::milliseconds timeout,
                 std::function<void(std::vector<expiry::Row> rows)> done)
{
    auto probe = std::make_shared<Probe>();
    probe->base = base;
    probe->done = std::move(done);
    QTimer::singleShot(timeout, &client, [probe] { probe->finish(); });
    probeServingCertificate(client.connection().server(), probe);
    probeBootstrapTokens(client, probe);
    probeIssuedCertificates(client, probe);
}

void probeContexts(const Kubeconfig &config, std::chrono::milliseconds timeout,
                   const std::function<bool(const KubeconfigUser *user)> &ask,
                   std::function<void(std::vector<expiry::Row>, std::vector<Unprobed>)> done)
{
    // The clients live until the last answer, then go with the next turn of the event loop:
    // the answer comes from inside one of them.
    struct All {
        std::vector<ApiClient *> clients;
        std::vector<expiry::Row> rows;
        std::vector<Unprobed> unprobed;
        int waiting = 0;
        std::function<void(std::vector<expiry::Row>, std::vector<Unprobed>)> done;
        void finish()
        {
            for (ApiClient *client : clients)
                client->deleteLater();
            expiry::sortBySoonest(rows);
            done(std::move(rows), std::move(unprobed));
        }
    };
    auto all = std::make_shared<All>();
    all->done = std::move(done);
    for (const auto &[name, context] : config.contexts) {
        const auto user = config.users.find(context.user);
        if (!ask(user == config.users.end() ? nullptr : &user->second))
            continue;
        auto connection = ClusterConnection::fromKubeconfig(config, name);
        if (!connection) {
            all->unprobed.push_back({name, connection.error().message});
            continue;
        }
        auto *client = new ApiClient(std::move(*connection));
        client->setTimeout(timeout);
        all->clients.push_back(client);
        expiry::Row base;
        base.context = name;
        base.cluster = context.cluster;
        base.user = context.user;
        ++all->waiting;
        probeExpiry(*client, base, timeout, [all](std::vector<expiry::Row> found) {
            all->rows.insert(all->rows.end(), found.begin(), found.end());
            if (--all->waiting == 0)
                all->finish();
        });
    }
    if (all->waiting == 0)
        all->finish();
}

} // namespace kubestrap
