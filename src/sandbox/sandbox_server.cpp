#include "sandbox_server.h"

#include "atomic_file.h"
#include "bootstrap_token.h"
#include "demo_cluster.h"
#include "new_cluster.h"
#include "openssl_ptr.h"
#include "x509.h"
#include "yaml_writer.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>

#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

namespace kubestrap::sandbox {

namespace {

// Enough workers that fifty open watches leave room for every other request.
constexpr size_t kWorkers = 96;

openssl::Certificate certificateFrom(const QByteArray &pem)
{
    const auto bio = openssl::readBio(pem);
    return openssl::Certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

openssl::Pkey keyFrom(const QByteArray &pem)
{
    const auto bio = openssl::readBio(pem);
    return openssl::Pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

void reply(httplib::Response &response, int code, const QJsonObject &body)
{
    response.status = code;
    response.set_content(QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString(),
                         "application/json");
}

QByteArray toBase64(const QByteArray &bytes)
{
    return bytes.toBase64();
}

// kube-apiserver compresses with gzip only. httplib would answer a client that also accepts
// Brotli (Qt does) with Brotli at its slowest setting, which costs seconds on big lists and would
// make every client but kubectl look slow. The request object is httplib's own, not const, so
// narrowing its header before httplib chooses the encoding is sound.
void offerGzipOnly(httplib::Request &request)
{
    const auto accepted = request.headers.find("Accept-Encoding");
    if (accepted == request.headers.end())
        return;
    const bool gzip = accepted->second.find("gzip") != std::string::npos;
    request.headers.erase("Accept-Encoding");
    if (gzip)
        request.headers.emplace("Accept-Encoding", "gzip");
}

} // namespace

SandboxServer::SandboxServer(SandboxPki pkiIn, const QString &stateDir)
    : pki(std::move(pkiIn)), serviceAccountTokens(pki.serviceAccountKey)
{
    if (!stateDir.isEmpty())
        state = std::make_unique<StateFile>(
            store, QDir(stateDir).filePath(QStringLiteral("objects.json")));
    server = std::make_unique<httplib::SSLServer>([this](SSL_CTX &context) {
        const auto certificate = certificateFrom(pki.serverCertificate);
        const auto key = keyFrom(pki.serverKey);
        const auto ca = certificateFrom(pki.caCertificate);
        if (!certificate || !key || !ca || SSL_CTX_use_certificate(&context, certificate.get()) != 1
            || SSL_CTX_use_PrivateKey(&context, key.get()) != 1)
            return false;
        X509_STORE_add_cert(SSL_CTX_get_cert_store(&context), ca.get());
        STACK_OF(X509_NAME) *acceptable = sk_X509_NAME_new_null();
        sk_X509_NAME_push(acceptable, X509_NAME_dup(X509_get_subject_name(ca.get())));
        SSL_CTX_set_client_CA_list(&context, acceptable);
        // Like kube-apiserver: a client certificate is checked when one is given, but not required.
        SSL_CTX_set_verify(&context, SSL_VERIFY_PEER, nullptr);
        SSL_CTX_set_min_proto_version(&context, TLS1_2_VERSION);
        return true;
    });
    server->new_task_queue = [] {
        return new httplib::ThreadPool(kWorkers);
    };
    // Answers go out at once: with Nagle's algorithm a small answer after a small write waits
    // for the client's delayed ACK (40 ms), which made every request take a tenth of a second.
    server->set_tcp_nodelay(true);
    server->set_keep_alive_max_count(1000);
    server->set_keep_alive_timeout(30);
    const auto handler = [this](const httplib::Request &request, httplib::Response &response) {
        offerGzipOnly(const_cast<httplib::Request &>(request));
        handle(request, response);
    };
    server->Get(".*", handler);
    server->Post(".*", handler);
    server->Put(".*", handler);
    server->Patch(".*", handler);
    server->Delete(".*", handler);
}

SandboxServer::~SandboxServer()
{
    stop();
}

Result<int> SandboxServer::bind(int port, bool demo)
{
    if (!server->is_valid())
        return fail(QStringLiteral("the TLS setup failed: %1")
                        .arg(QString::fromLatin1(openssl::lastError())));
    boundPort = port == 0 ? server->bind_to_any_port("127.0.0.1")
                          : (server->bind_to_port("127.0.0.1", port) ? port : -1);
    if (boundPort <= 0)
        return fail(
            QStringLiteral("cannot listen on 127.0.0.1:%1 (is the port in use?)").arg(port));
    api = std::make_unique<ApiHandler>(store, QStringLiteral("127.0.0.1:%1").arg(boundPort),
                                       &serviceAccountTokens);
    const auto restored = state ? state->load() : Result<bool>(false);
    if (!restored)
        return unexpected(restored.error());
    if (!*restored) {
        seedNewCluster(*api);
        if (demo)
            seedDemoCluster(*api, pki, url());
    }
    if (state)
        state->start();
    controllers = std::make_unique<Controllers>(*api, store, pki);
    controllers->setEnabled(controllerNames);
    controllers->start();
    return boundPort;
}

void SandboxServer::serve()
{
    server->listen_after_bind();
}

void SandboxServer::stop()
{
    store.stop(); // ends the watches first, so their workers are free to finish
    if (controllers)
        controllers->stop();
    if (state)
        state->stop();
    if (server)
        server->stop();
}

QString SandboxServer::url() const
{
    return QStringLiteral("https://127.0.0.1:%1").arg(boundPort);
}

std::optional<Identity> SandboxServer::serviceAccountIdentity(const QString &token) const
{
    const auto claims = serviceAccountTokens.verify(token, QDateTime::currentDateTimeUtc());
    if (!claims)
        return std::nullopt;
    const QJsonObject bound = claims->value(QStringLiteral("kubernetes.io")).toObject();
    const QString ns = bound.value(QStringLiteral("namespace")).toString();
    const QJsonObject account = bound.value(QStringLiteral("serviceaccount")).toObject();
    const QString name = account.value(QStringLiteral("name")).toString();
    // A token outlives nothing it was bound to: a deleted (or re-created) account ends it.
    const auto stored = store.get(QStringLiteral("v1/serviceaccounts"), ns, name);
    if (!stored
        || stored->value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid"))
               != account.value(QStringLiteral("uid")))
        return std::nullopt;
    return Identity{QStringLiteral("system:serviceaccount:%1:%2").arg(ns, name),
                    account.value(QStringLiteral("uid")).toString(),
                    {QStringLiteral("system:serviceaccounts"),
                     QStringLiteral("system:serviceaccounts:") + ns,
                     QStringLiteral("system:authenticated")}};
}

Identity SandboxServer::authenticate(const httplib::Request &request, bool &rejected) const
{
    rejected = false;
    if (request.ssl) {
        if (X509 *peer = SSL_get1_peer_certificate(request.ssl)) {
            unsigned char *der = nullptr;
            const int length = i2d_X509(peer, &der);
            X509_free(peer);
            const auto info =
                x509::inspect(QByteArray(reinterpret_cast<const char *>(der), length));
            OPENSSL_free(der);
            if (info) {
                QStringList groups = info->organizations;
                groups << QStringLiteral("system:authenticated");
                return {info->commonName, {}, groups};
            }
        }
    }
    if (request.has_header("Authorization")) {
        // Bootstrap tokens, checked as kube-apiserver's bootstrap authenticator checks them;
        // anything else presented is refused rather than ignored.
        const QString header = QString::fromStdString(request.get_header_value("Authorization"));
        if (header.startsWith(QLatin1String("Bearer "))) {
            const QString presented = header.mid(7).trimmed();
            if (!adminToken.isEmpty() && presented.size() == adminToken.size()
                && CRYPTO_memcmp(presented.constData(), adminToken.constData(),
                                 size_t(presented.size()) * sizeof(QChar))
                       == 0)
                return {QStringLiteral("admin"),
                        {},
                        {QStringLiteral("system:masters"), QStringLiteral("system:authenticated")}};
            if (auto account = serviceAccountIdentity(presented))
                return *account;
            if (const auto token = BootstrapToken::parse(presented); token && bootstrapTokenAuth) {
                const auto secret =
                    store.get(QStringLiteral("v1/secrets"),
                              QLatin1String(BootstrapToken::kNamespace), token->secretName());
                if (secret) {
                    if (auto identity = authenticateBootstrapToken(presented, *secret,
                                                                   QDateTime::currentDateTimeUtc()))
                        return {identity->user,
                                {},
                                identity->groups
                                    + QStringList{QStringLiteral("system:authenticated")}};
                }
            }
        }
        rejected = true;
        return {};
    }
    return {QStringLiteral("system:anonymous"), {}, {QStringLiteral("system:unauthenticated")}};
}

void SandboxServer::handle(const httplib::Request &request, httplib::Response &response)
{
    bool rejected = false;
    ApiRequest api_request;
    api_request.identity = authenticate(request, rejected);
    if (rejected) {
        const ApiError error = status::unauthorized();
        return reply(response, error.code, error.status);
    }
    api_request.method = QByteArray::fromStdString(request.method);
    api_request.path = QString::fromStdString(request.path);
    for (const auto &[name, value] : request.params)
        api_request.query.addQueryItem(QString::fromStdString(name), QString::fromStdString(value));
    api_request.body = QByteArray::fromStdString(request.body);
    api_request.contentType = QByteArray::fromStdString(request.get_header_value("Content-Type"));
    api_request.accept = QByteArray::fromStdString(request.get_header_value("Accept"));
    api_request.impersonateUser =
        QString::fromStdString(request.get_header_value("Impersonate-User"));
    for (size_t i = 0; i < request.get_header_value_count("Impersonate-Group"); ++i)
        api_request.impersonateGroups
            << QString::fromStdString(request.get_header_value("Impersonate-Group", i));

    ApiResponse answer = api->handle(api_request);
    for (const auto &[name, value] : answer.headers)
        response.set_header(name.toStdString(), value.toStdString());
    if (!answer.rawType.isEmpty()) {
        response.status = answer.code;
        response.set_content(answer.raw.toStdString(), answer.rawType.toStdString());
        return;
    }
    if (!answer.watch)
        return reply(response, answer.code, answer.body);
    response.status = 200;
    // This media type also keeps httplib from gzipping the stream, which would hold events back
    // in the compressor until it fills.
    response.set_chunked_content_provider(
        "application/json;stream=watch",
        [this, plan = std::move(*answer.watch)](size_t, httplib::DataSink &sink) {
            api->stream(plan, [&sink](const QByteArray &line) {
                return sink.is_writable() && sink.write(line.constData(), size_t(line.size()));
            });
            sink.done();
            return true;
        });
}

Result<void> SandboxServer::writeKubeconfig(const QString &path, const QString &user,
                                            const QStringList &groups) const
{
    const auto credential = pki.issueClient(user, groups);
    if (!credential)
        return unexpected(credential.error());
    const QString name = QStringLiteral("kubestrap-sandbox");
    const QString userName =
        user == QLatin1String("kubernetes-admin") ? QStringLiteral("sandbox-admin") : user;
    YamlValue cluster(YamlValue::Mapping{});
    cluster.set(QStringLiteral("server"), YamlValue(url()));
    cluster.set(QStringLiteral("certificate-authority-data"),
                YamlValue(QString::fromLatin1(toBase64(pki.caCertificate))));
    YamlValue credentials(YamlValue::Mapping{});
    credentials.set(QStringLiteral("client-certificate-data"),
                    YamlValue(QString::fromLatin1(toBase64(credential->first))));
    credentials.set(QStringLiteral("client-key-data"),
                    YamlValue(QString::fromLatin1(toBase64(credential->second))));
    YamlValue context(YamlValue::Mapping{});
    context.set(QStringLiteral("cluster"), YamlValue(name));
    context.set(QStringLiteral("user"), YamlValue(userName));
    const auto named = [](const QString &entryName, const char *field, YamlValue body) {
        YamlValue entry(YamlValue::Mapping{});
        entry.set(QStringLiteral("name"), YamlValue(entryName));
        entry.set(QLatin1String(field), std::move(body));
        return YamlValue(YamlValue::Sequence{std::move(entry)});
    };
    YamlValue document(YamlValue::Mapping{});
    document.set(QStringLiteral("apiVersion"), YamlValue(QStringLiteral("v1")));
    document.set(QStringLiteral("kind"), YamlValue(QStringLiteral("Config")));
    document.set(QStringLiteral("clusters"), named(name, "cluster", std::move(cluster)));
    document.set(QStringLiteral("users"), named(userName, "user", std::move(credentials)));
    document.set(QStringLiteral("contexts"), named(name, "context", std::move(context)));
    document.set(QStringLiteral("current-context"), YamlValue(name));
    const auto yaml = writeYaml(document);
    if (!yaml)
        return unexpected(yaml.error());
    FileWriteOptions options;
    options.keepBackup = false;
    if (auto written = writeFileAtomically(path, *yaml, options); !written)
        return unexpected(written.error());
    return {};
}

} // namespace kubestrap::sandbox
