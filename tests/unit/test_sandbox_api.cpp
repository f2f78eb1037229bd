#include "api_handler.h"
#include "api_table.h"
#include "bootstrap_token.h"
#include "controllers.h"
#include "human_duration.h"
#include "jws.h"
#include "new_cluster.h"
#include "protobuf_body.h"
#include "sandbox_pki.h"
#include "state_file.h"
#include "test_files.h"
#include "x509.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap::sandbox;

namespace {

const Identity kAdmin{QStringLiteral("admin"), {}, {QStringLiteral("system:masters")}};

ApiRequest request(const char *method, const QString &path, const QJsonObject &body = {},
                   const QString &query = {})
{
    ApiRequest r;
    r.method = method;
    r.path = path;
    r.query = QUrlQuery(query);
    r.body = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson();
    r.contentType = "application/json";
    r.identity = kAdmin;
    return r;
}

QJsonObject named(const QString &name, const QJsonObject &extra = {})
{
    QJsonObject object = extra;
    object.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}});
    return object;
}

// Protobuf encoding, just enough to build the bodies kubectl sends.
QByteArray varint(quint64 value)
{
    QByteArray out;
    do {
        out += char((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
        value >>= 7;
    } while (value);
    return out;
}

QByteArray field(int number, const QByteArray &bytes)
{
    return varint(quint64(number) << 3 | 2) + varint(quint64(bytes.size())) + bytes;
}

} // namespace

class TestSandboxApi : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<ObjectStore> store;
    std::unique_ptr<ApiHandler> api;

private Q_SLOTS:
    void init()
    {
        store = std::make_unique<ObjectStore>(50);
        api = std::make_unique<ApiHandler>(*store, QStringLiteral("127.0.0.1:1"));
        seedNewCluster(*api);
    }

    void createSetsServerFieldsAndGeneratesNames()
    {
        QJsonObject body{{QStringLiteral("metadata"),
                          QJsonObject{{QStringLiteral("generateName"), QStringLiteral("token-")}}}};
        const ApiResponse created = api->handle(
            request("POST", QStringLiteral("/api/v1/namespaces/default/secrets"), body));
        QCOMPARE(created.code, 201);
        const QJsonObject metadata = created.body.value(QStringLiteral("metadata")).toObject();
        QVERIFY(QRegularExpression(QStringLiteral("^token-[bcdfghjklmnpqrstvwxz2456789]{5}$"))
                    .match(metadata.value(QStringLiteral("name")).toString())
                    .hasMatch());
        QVERIFY(!metadata.value(QStringLiteral("uid")).toString().isEmpty());
        QCOMPARE(created.body.value(QStringLiteral("type")).toString(), QStringLiteral("Opaque"));
        QCOMPARE(metadata.value(QStringLiteral("resourceVersion")).toString().toLongLong(),
                 store->resourceVersion());
    }

    void dryRunStoresNothing()
    {
        const qint64 before = store->resourceVersion();
        const ApiResponse created =
            api->handle(request("POST", QStringLiteral("/api/v1/namespaces/default/configmaps"),
                                named(QStringLiteral("dry")), QStringLiteral("dryRun=All")));
        QCOMPARE(created.code, 201);
        QCOMPARE(store->resourceVersion(), before);
        QCOMPARE(
            api->handle(request("GET", QStringLiteral("/api/v1/namespaces/default/configmaps/dry")))
                .code,
            404);
    }

    void invalidSecretDataIsABadRequest()
    {
        const ApiResponse created = api->handle(
            request("POST", QStringLiteral("/api/v1/namespaces/default/secrets"),
                    named(QStringLiteral("bad"),
                          {{QStringLiteral("data"),
                            QJsonObject{{QStringLiteral("k"), QStringLiteral("not base64!")}}}})));
        QCOMPARE(created.code, 400);
        QVERIFY(created.body.value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("illegal base64 data")));
    }

    void failuresAreWordedAsKubeApiserverWordsThem()
    {
        // Each answer against the Status body kube-apiserver v1.32 gave for the same request
        // (tests/data/apiserver-status), field for field.
        const auto recorded = [](const char *name) {
            QFile file(QStringLiteral(KUBESTRAP_DATA "/apiserver-status/%1.json")
                           .arg(QLatin1String(name)));
            return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object()
                                                  : QJsonObject();
        };
        const QString configmaps = QStringLiteral("/api/v1/namespaces/default/configmaps");
        api->handle(request("POST", configmaps, named(QStringLiteral("recorded"))));
        QCOMPARE(api->handle(request("POST", configmaps, named(QStringLiteral("recorded")))).body,
                 recorded("already-exists"));
        QCOMPARE(api->handle(request("GET", configmaps + QStringLiteral("/no-such-map"))).body,
                 recorded("not-found"));
        QJsonObject stale = named(QStringLiteral("recorded"));
        stale.insert(QStringLiteral("metadata"),
                     QJsonObject{{QStringLiteral("name"), QStringLiteral("recorded")},
                                 {QStringLiteral("resourceVersion"), QStringLiteral("1")}});
        QCOMPARE(api->handle(request("PUT", configmaps + QStringLiteral("/recorded"), stale)).body,
                 recorded("conflict"));
        const QJsonObject staleRole{
            {QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
            {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("view")},
                         {QStringLiteral("resourceVersion"), QStringLiteral("1")}}}};
        QCOMPARE(api->handle(request("PUT",
                                     QStringLiteral(
                                         "/apis/rbac.authorization.k8s.io/v1/clusterroles/view"),
                                     staleRole))
                     .body,
                 recorded("conflict-in-a-group"));
        QCOMPARE(api->handle(request("POST", configmaps, named(QStringLiteral("Bad_Name")))).body,
                 recorded("invalid"));
        ApiRequest asMallory = request("GET", QStringLiteral("/api/v1/namespaces/default/secrets"));
        asMallory.identity = {
            QStringLiteral("mallory"), {}, {QStringLiteral("system:authenticated")}};
        QCOMPARE(api->handle(asMallory).body, recorded("forbidden"));
        QCOMPARE(status::unauthorized().status, recorded("unauthorized"));

        // Fields the kind does not have, decoded strictly (kubectl create and apply ask so).
        const QJsonObject unknownFields{
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("recorded")},
                         {QStringLiteral("foo"), 2}}},
            {QStringLiteral("data"), QJsonObject{{QStringLiteral("a"), QStringLiteral("b")}}},
            {QStringLiteral("zz"), QJsonObject{{QStringLiteral("q"), 1}}}};
        QCOMPARE(api->handle(request("POST", configmaps, unknownFields,
                                     QStringLiteral("fieldValidation=Strict")))
                     .body,
                 recorded("strict-unknown-fields"));
        ApiRequest patch = request("PATCH", configmaps + QStringLiteral("/recorded"), {},
                                   QStringLiteral("fieldValidation=Strict"));
        patch.contentType = "application/strategic-merge-patch+json";
        patch.body = R"({"data":{"x":"1","y":"2"},"bogus":[1,"two",{"three":3}]})";
        QCOMPARE(api->handle(patch).body, recorded("strict-patch"));
        patch.contentType = "application/foo";
        QCOMPARE(api->handle(patch).body, recorded("unsupported-media-type"));

        kubestrap::x509::CertificateProfile masters;
        masters.commonName = QStringLiteral("mallory");
        masters.organizations = {QStringLiteral("system:masters")};
        const auto csr =
            kubestrap::x509::createRequest(*kubestrap::x509::generatePrivateKey(), masters);
        const QJsonObject asked{
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("masters")}}},
            {QStringLiteral("spec"),
             QJsonObject{{QStringLiteral("request"), QString::fromLatin1(csr->toBase64())},
                         {QStringLiteral("signerName"),
                          QStringLiteral("kubernetes.io/kube-apiserver-client")},
                         {QStringLiteral("usages"), QJsonArray{QStringLiteral("client auth")}}}}};
        QCOMPARE(api->handle(request("POST",
                                     QStringLiteral(
                                         "/apis/certificates.k8s.io/v1/certificatesigningrequests"),
                                     asked))
                     .body,
                 recorded("admission-forbidden"));
    }

    void updatesWithAStaleVersionConflict()
    {
        const ApiResponse created =
            api->handle(request("POST", QStringLiteral("/api/v1/namespaces/default/configmaps"),
                                named(QStringLiteral("c"))));
        QJsonObject object = created.body;
        // A write that changes nothing keeps the version, as kube-apiserver does.
        const ApiResponse same = api->handle(
            request("PUT", QStringLiteral("/api/v1/namespaces/default/configmaps/c"), object));
        QCOMPARE(same.code, 200);
        QCOMPARE(same.body, object);
        QJsonObject changed = object;
        changed.insert(QStringLiteral("data"),
                       QJsonObject{{QStringLiteral("k"), QStringLiteral("v")}});
        QCOMPARE(
            api->handle(request("PUT", QStringLiteral("/api/v1/namespaces/default/configmaps/c"),
                                changed))
                .code,
            200);
        const ApiResponse stale = api->handle(
            request("PUT", QStringLiteral("/api/v1/namespaces/default/configmaps/c"), object));
        QCOMPARE(stale.code, 409);
        QCOMPARE(stale.body.value(QStringLiteral("reason")).toString(), QStringLiteral("Conflict"));
    }

    void listPagesFollowTheContinueToken()
    {
        for (int i = 0; i < 5; ++i)
            api->handle(request("POST", QStringLiteral("/api/v1/namespaces/default/configmaps"),
                                named(QStringLiteral("c%1").arg(i))));
        QStringList names;
        QString token;
        int pages = 0;
        do {
            const ApiResponse page =
                api->handle(request("GET", QStringLiteral("/api/v1/namespaces/default/configmaps"),
                                    {}, QStringLiteral("limit=2&continue=") + token));
            QCOMPARE(page.code, 200);
            for (const QJsonValue &item : page.body.value(QStringLiteral("items")).toArray())
                names << item.toObject()
                             .value(QStringLiteral("metadata"))
                             .toObject()
                             .value(QStringLiteral("name"))
                             .toString();
            token = page.body.value(QStringLiteral("metadata"))
                        .toObject()
                        .value(QStringLiteral("continue"))
                        .toString();
            ++pages;
        } while (!token.isEmpty());
        QCOMPARE(pages, 3);
        QCOMPARE(names,
                 (QStringList{QStringLiteral("c0"), QStringLiteral("c1"), QStringLiteral("c2"),
                              QStringLiteral("c3"), QStringLiteral("c4")}));
    }

    void pagesAcrossNamespacesSendEachObjectOnce()
    {
        // "team-a" sorts before "team/…" as text, after "team" as a namespace: a page must end
        // and the next begin in the order the list is in, whatever the names hold.
        for (const char *ns : {"team", "team-a", "team0"}) {
            api->handle(
                request("POST", QStringLiteral("/api/v1/namespaces"), named(QLatin1String(ns))));
            for (const char *name : {"x", "y-1", "y.2"})
                api->handle(request(
                    "POST",
                    QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(QLatin1String(ns)),
                    named(QLatin1String(name))));
        }
        const auto keysOf = [](const ApiResponse &page) {
            QStringList keys;
            for (const QJsonValue &item : page.body.value(QStringLiteral("items")).toArray()) {
                const QJsonObject metadata =
                    item.toObject().value(QStringLiteral("metadata")).toObject();
                keys << metadata.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
                            + metadata.value(QStringLiteral("name")).toString();
            }
            return keys;
        };
        const QStringList whole =
            keysOf(api->handle(request("GET", QStringLiteral("/api/v1/configmaps"))));
        QVERIFY(whole.size() >= 9);
        QStringList paged;
        QString token;
        do {
            const ApiResponse page =
                api->handle(request("GET", QStringLiteral("/api/v1/configmaps"), {},
                                    QStringLiteral("limit=2&continue=") + token));
            QCOMPARE(page.code, 200);
            paged << keysOf(page);
            token = page.body.value(QStringLiteral("metadata"))
                        .toObject()
                        .value(QStringLiteral("continue"))
                        .toString();
        } while (!token.isEmpty());
        QCOMPARE(paged, whole);
    }

    void aContinueTokenFromBeforeACompactionExpires()
    {
        const QString path = QStringLiteral("/api/v1/namespaces/default/configmaps");
        for (int i = 0; i < 3; ++i)
            api->handle(request("POST", path, named(QStringLiteral("c%1").arg(i))));
        const auto continueOf = [](const ApiResponse &answer) {
            return answer.body.value(QStringLiteral("metadata"))
                .toObject()
                .value(QStringLiteral("continue"))
                .toString();
        };
        const ApiResponse first = api->handle(request("GET", path, {}, QStringLiteral("limit=1")));
        for (int i = 0; i < 60; ++i) // more changes than the store keeps (50)
            api->handle(request("POST", path, named(QStringLiteral("later%1").arg(i))));
        // As kube-apiserver words it, with a token that goes on, inconsistently, from now.
        const ApiResponse expired = api->handle(
            request("GET", path, {}, QStringLiteral("limit=1&continue=") + continueOf(first)));
        QCOMPARE(expired.code, 410);
        QCOMPARE(expired.body.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("Expired"));
        QVERIFY(expired.body.value(QStringLiteral("message"))
                    .toString()
                    .startsWith(QStringLiteral("The provided continue parameter is too old to "
                                               "display a consistent list result.")));
        const ApiResponse rest = api->handle(
            request("GET", path, {}, QStringLiteral("limit=1&continue=") + continueOf(expired)));
        QCOMPARE(rest.code, 200);
        QCOMPARE(rest.body.value(QStringLiteral("items"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("name")),
                 QStringLiteral("c1"));
    }

    void watchFromAnExpiredVersionIsGone()
    {
        for (int i = 0; i < 60; ++i) // more changes than the store keeps (50)
            api->handle(request("POST", QStringLiteral("/api/v1/namespaces/default/configmaps"),
                                named(QStringLiteral("w%1").arg(i))));
        const ApiResponse watch =
            api->handle(request("GET", QStringLiteral("/api/v1/namespaces/default/configmaps"), {},
                                QStringLiteral("watch=true&resourceVersion=2")));
        QVERIFY(watch.watch);
        QList<QByteArray> lines;
        api->stream(*watch.watch, [&](const QByteArray &line) {
            lines << line;
            return true;
        });
        QCOMPARE(lines.size(), 1);
        const QJsonObject event = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(event.value(QStringLiteral("type")).toString(), QStringLiteral("ERROR"));
        QCOMPARE(
            event.value(QStringLiteral("object")).toObject().value(QStringLiteral("code")).toInt(),
            410);
    }

    void watchSendsChangesAfterItsVersion()
    {
        const qint64 from = store->resourceVersion();
        api->handle(request("POST", QStringLiteral("/api/v1/namespaces/default/configmaps"),
                            named(QStringLiteral("later"))));
        api->handle(
            request("DELETE", QStringLiteral("/api/v1/namespaces/default/configmaps/later")));
        const ApiResponse watch = api->handle(
            request("GET", QStringLiteral("/api/v1/namespaces/default/configmaps"), {},
                    QStringLiteral("watch=1&timeoutSeconds=1&resourceVersion=%1").arg(from)));
        QStringList types;
        api->stream(*watch.watch, [&](const QByteArray &line) {
            types
                << QJsonDocument::fromJson(line).object().value(QStringLiteral("type")).toString();
            return true;
        });
        QCOMPARE(types, (QStringList{QStringLiteral("ADDED"), QStringLiteral("DELETED")}));
    }

    void metadataOnlyIsAnsweredAsKubeApiserverAnswersIt()
    {
        const QString configmaps = QStringLiteral("/api/v1/namespaces/default/configmaps");
        api->handle(request(
            "POST", configmaps,
            named(QStringLiteral("settings"),
                  {{QStringLiteral("data"),
                    QJsonObject{{QStringLiteral("mode"), QStringLiteral("production")}}}})));
        const auto asked = [&](const QString &path, const QByteArray &accept,
                               const QString &query = {}) {
            ApiRequest r = request("GET", path, {}, query);
            r.accept = accept;
            return api->handle(r);
        };
        // As client-go's metadata client asks, plain JSON last.
        const QByteArray listAccept = "application/vnd.kubernetes.protobuf;as="
                                      "PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/"
                                      "json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
                                      "application/json";
        const ApiResponse list = asked(configmaps, listAccept);
        QCOMPARE(list.code, 200);
        QCOMPARE(list.body.value(QStringLiteral("kind")).toString(),
                 QStringLiteral("PartialObjectMetadataList"));
        QCOMPARE(list.body.value(QStringLiteral("apiVersion")).toString(),
                 QStringLiteral("meta.k8s.io/v1"));
        QVERIFY(!list.body.value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("resourceVersion"))
                     .toString()
                     .isEmpty());
        const QJsonObject item =
            list.body.value(QStringLiteral("items")).toArray().first().toObject();
        QCOMPARE(item.value(QStringLiteral("kind")).toString(),
                 QStringLiteral("PartialObjectMetadata"));
        QVERIFY(!item.contains(QStringLiteral("data")));

        const QByteArray oneAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
        const ApiResponse one = asked(configmaps + QStringLiteral("/settings"), oneAccept);
        QCOMPARE(one.body.value(QStringLiteral("kind")).toString(),
                 QStringLiteral("PartialObjectMetadata"));
        QCOMPARE(
            one.body.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")),
            QJsonValue(QStringLiteral("settings")));
        QVERIFY(!one.body.contains(QStringLiteral("data")));

        // A watch's events are single objects.
        const qint64 from = store->resourceVersion();
        api->handle(request("POST", configmaps, named(QStringLiteral("later"))));
        const ApiResponse watch =
            asked(configmaps, oneAccept,
                  QStringLiteral("watch=1&timeoutSeconds=1&resourceVersion=%1").arg(from));
        QStringList kinds;
        api->stream(*watch.watch, [&](const QByteArray &line) {
            kinds << QJsonDocument::fromJson(line)
                         .object()
                         .value(QStringLiteral("object"))
                         .toObject()
                         .value(QStringLiteral("kind"))
                         .toString();
            return true;
        });
        QCOMPARE(kinds, QStringList{QStringLiteral("PartialObjectMetadata")});

        // The wrong one for the answer, or a transform nobody serves: 406, as the real server.
        QCOMPARE(asked(configmaps, oneAccept).code, 406);
        QCOMPARE(asked(configmaps + QStringLiteral("/settings"),
                       "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1")
                     .code,
                 406);
        const ApiResponse unknown =
            asked(configmaps, "application/json;as=Summary;g=meta.k8s.io;v=v1");
        QCOMPARE(unknown.code, 406);
        QCOMPARE(unknown.body.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("NotAcceptable"));
        // An encoding the sandbox does not speak is answered in JSON, transform or none.
        QCOMPARE(asked(configmaps, "application/vnd.kubernetes.protobuf")
                     .body.value(QStringLiteral("kind"))
                     .toString(),
                 QStringLiteral("ConfigMapList"));
    }

    void strangersAreForbiddenInTheServersWords()
    {
        ApiRequest anonymous = request("GET", QStringLiteral("/api/v1/namespaces"));
        anonymous.identity = {
            QStringLiteral("system:anonymous"), {}, {QStringLiteral("system:unauthenticated")}};
        const ApiResponse refused = api->handle(anonymous);
        QCOMPARE(refused.code, 403);
        QCOMPARE(refused.body.value(QStringLiteral("message")).toString(),
                 QStringLiteral("namespaces is forbidden: User \"system:anonymous\" cannot list "
                                "resource \"namespaces\" in API "
                                "group \"\" at the cluster scope"));
        anonymous.path = QStringLiteral("/version"); // discovery is public
        QCOMPARE(api->handle(anonymous).code, 200);
    }

    void protobufBodiesReadAsJson()
    {
        const QByteArray metadata = field(1, "settings");
        const QByteArray entry = field(1, "colour") + field(2, "blue");
        const QByteArray configMap =
            field(1, metadata) + field(2, entry) + field(5, QByteArray()); // an unknown field
        const QByteArray typeMeta = field(1, "v1") + field(2, "ConfigMap");
        const QByteArray body = QByteArray("k8s\0", 4) + field(1, typeMeta) + field(2, configMap);
        const auto decoded = decodeProtobufBody(body);
        QVERIFY2(decoded, decoded ? "" : qPrintable(decoded.error().message));
        QCOMPARE(decoded->value(QStringLiteral("kind")).toString(), QStringLiteral("ConfigMap"));
        QCOMPARE(decoded->value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("settings"));
        QCOMPARE(decoded->value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("colour"))
                     .toString(),
                 QStringLiteral("blue"));
        QVERIFY(!decodeProtobufBody(QByteArray("k8s\0", 4) + "\x0a\xff"));
    }

    void tokenCleanerDeletesExpiredTokensOnly()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto expired = kubestrap::BootstrapToken::generate(now.addDays(-2), std::chrono::hours(24));
        auto alive = kubestrap::BootstrapToken::generate(now, std::chrono::hours(24));
        for (const auto *token : {&*expired, &*alive})
            QCOMPARE(api->handle(request("POST",
                                         QStringLiteral("/api/v1/namespaces/kube-system/secrets"),
                                         token->toSecret()))
                         .code,
                     201);
        Controllers controllers(*api, *store, *SandboxPki::loadOrCreate(QString()));
        controllers.runOnce();
        const QString secrets = QStringLiteral("/api/v1/namespaces/kube-system/secrets/");
        QCOMPARE(api->handle(request("GET", secrets + expired->secretName())).code, 404);
        QCOMPARE(api->handle(request("GET", secrets + alive->secretName())).code, 200);
    }

    void everyNamespaceGetsTheRootCaAndKeepsIt()
    {
        const auto pki = SandboxPki::loadOrCreate(QString());
        api->handle(
            request("POST", QStringLiteral("/api/v1/namespaces"), named(QStringLiteral("team"))));
        Controllers controllers(*api, *store, *pki);
        controllers.runOnce();
        const QString path = QStringLiteral("/api/v1/namespaces/team/configmaps/kube-root-ca.crt");
        const auto published = [&] {
            return api->handle(request("GET", path))
                .body.value(QStringLiteral("data"))
                .toObject()
                .value(QStringLiteral("ca.crt"))
                .toString()
                .toLatin1();
        };
        QCOMPARE(published(), pki->caCertificate);
        const qint64 version = store->resourceVersion();
        controllers.runOnce(); // nothing to do: nothing written
        QCOMPARE(store->resourceVersion(), version);

        // Changed or deleted, it is put back, as the real controller does.
        QJsonObject changed = api->handle(request("GET", path)).body;
        changed.insert(QStringLiteral("data"),
                       QJsonObject{{QStringLiteral("ca.crt"), QStringLiteral("x")}});
        QCOMPARE(api->handle(request("PUT", path, changed)).code, 200);
        controllers.runOnce();
        QCOMPARE(published(), pki->caCertificate);
        QCOMPARE(api->handle(request("DELETE", path)).code, 200);
        controllers.runOnce();
        QCOMPARE(published(), pki->caCertificate);
    }

    void bootstrapSignerSignsClusterInfoForSigningTokensOnly()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto signing = kubestrap::BootstrapToken::generate(now);
        auto authOnly = kubestrap::BootstrapToken::generate(now);
        authOnly->usages = {QStringLiteral("authentication")};
        for (const auto *token : {&*signing, &*authOnly})
            api->handle(request("POST", QStringLiteral("/api/v1/namespaces/kube-system/secrets"),
                                token->toSecret()));
        const QString kubeconfig = QStringLiteral("apiVersion: v1\nclusters:\n- cluster:\n    "
                                                  "server: https://10.0.0.1:6443\n  name: \"\"\n");
        api->handle(request(
            "POST", QStringLiteral("/api/v1/namespaces/kube-public/configmaps"),
            named(QStringLiteral("cluster-info"),
                  {{QStringLiteral("data"), QJsonObject{{QStringLiteral("kubeconfig"), kubeconfig},
                                                        {QStringLiteral("jws-kubeconfig-stale1"),
                                                         QStringLiteral("x..y")}}}})));
        Controllers controllers(*api, *store, *SandboxPki::loadOrCreate(QString()));
        controllers.runOnce();
        const QJsonObject data =
            api->handle(
                   request("GET", QStringLiteral(
                                      "/api/v1/namespaces/kube-public/configmaps/cluster-info")))
                .body.value(QStringLiteral("data"))
                .toObject();
        QVERIFY(!data.contains(QStringLiteral("jws-kubeconfig-stale1")));
        QVERIFY(!data.contains(QStringLiteral("jws-kubeconfig-") + authOnly->id));
        const QString signature =
            data.value(QStringLiteral("jws-kubeconfig-") + signing->id).toString();
        QVERIFY(kubestrap::jws::verifyDetached(kubeconfig.toUtf8(), signature, signing->id,
                                               signing->secret));
        QCOMPARE(data.value(QStringLiteral("kubeconfig")).toString(), kubeconfig);
    }

    void malformedBootstrapTokensAreStoredAsGiven()
    {
        // kube-apiserver does not validate a bootstrap token's Secret; nothing may accept it.
        QJsonObject secret =
            kubestrap::BootstrapToken::parse(QStringLiteral("abcdef.0123456789abcdef"))->toSecret();
        QJsonObject data = secret.value(QStringLiteral("data")).toObject();
        data.insert(QStringLiteral("expiration"),
                    QString::fromLatin1(QByteArray("next week").toBase64()));
        secret.insert(QStringLiteral("data"), data);
        const ApiResponse stored = api->handle(
            request("POST", QStringLiteral("/api/v1/namespaces/kube-system/secrets"), secret));
        QCOMPARE(stored.code, 201);
        QCOMPARE(stored.body.value(QStringLiteral("data")).toObject(), data);
    }

    void stateSurvivesARestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("objects.json"));
        api->handle(request("POST", QStringLiteral("/api/v1/namespaces/default/configmaps"),
                            named(QStringLiteral("kept"))));
        const qint64 version = store->resourceVersion();
        {
            StateFile state(*store, path);
            state.start();
        } // stopping writes the last state
        QCOMPARE(kubestrap::test::unixMode(path), 0600u);

        ObjectStore restarted;
        StateFile state(restarted, path);
        QCOMPARE(state.load().value(), true);
        QCOMPARE(restarted.resourceVersion(), version);
        QVERIFY(restarted.get(QStringLiteral("v1/configmaps"), QStringLiteral("default"),
                              QStringLiteral("kept")));
        QVERIFY(!restarted.eventsAfter(version - 1, QStringLiteral("v1/configmaps"),
                                       QString())); // history is gone: 410
        QVERIFY(restarted.eventsAfter(version, QStringLiteral("v1/configmaps"), QString()));
    }

    void controllersAreChosenAsKubeControllerManagerChoosesThem()
    {
        QCOMPARE(Controllers::parseSelection(QStringLiteral("*")).value().size(), 6);
        QCOMPARE(
            Controllers::parseSelection(QStringLiteral("*,-tokencleaner")).value(),
            (QStringList{QStringLiteral("bootstrapsigner"), QStringLiteral("csrapproving"),
                         QStringLiteral("csrsigning"), QStringLiteral("root-ca-cert-publisher"),
                         QStringLiteral("clusterrole-aggregation")}));
        QCOMPARE(Controllers::parseSelection(QStringLiteral("csrsigning")).value(),
                 QStringList{QStringLiteral("csrsigning")});
        QVERIFY(!Controllers::parseSelection(QStringLiteral("*,-nodelifecycle")));
    }

    void subjectAccessReviewsAnswerForSomeoneElse()
    {
        const auto review = [&](const QJsonArray &groups) {
            const QJsonObject body{
                {QStringLiteral("spec"),
                 QJsonObject{
                     {QStringLiteral("user"), QStringLiteral("alice")},
                     {QStringLiteral("groups"), groups},
                     {QStringLiteral("resourceAttributes"),
                      QJsonObject{{QStringLiteral("verb"), QStringLiteral("delete")},
                                  {QStringLiteral("resource"), QStringLiteral("secrets")},
                                  {QStringLiteral("namespace"), QStringLiteral("default")}}}}}};
            const ApiResponse answered = api->handle(request(
                "POST", QStringLiteral("/apis/authorization.k8s.io/v1/subjectaccessreviews"),
                body));
            return answered.body.value(QStringLiteral("status")).toObject();
        };
        QCOMPARE(review({QStringLiteral("system:authenticated")})
                     .value(QStringLiteral("allowed"))
                     .toBool(),
                 false);
        const QJsonObject admin = review({QStringLiteral("system:masters")});
        QCOMPARE(admin.value(QStringLiteral("allowed")).toBool(), true);
        QVERIFY(!admin.value(QStringLiteral("reason")).toString().isEmpty());
    }

    void agesReadAsKubectlPrintsThem()
    {
        QCOMPARE(kubestrap::humanDuration(5), QStringLiteral("5s"));
        QCOMPARE(kubestrap::humanDuration(119), QStringLiteral("119s"));
        QCOMPARE(kubestrap::humanDuration(200), QStringLiteral("3m20s"));
        QCOMPARE(kubestrap::humanDuration(3600 * 5 + 60 * 7), QStringLiteral("5h7m"));
        QCOMPARE(kubestrap::humanDuration(3600 * 24 * 3 + 3600), QStringLiteral("3d1h"));
        QCOMPARE(kubestrap::humanDuration(3600 * 24 * 400), QStringLiteral("400d"));
    }
};

QTEST_GUILESS_MAIN(TestSandboxApi)
#include "test_sandbox_api.moc"
