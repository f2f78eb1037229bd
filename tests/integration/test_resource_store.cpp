#include "api_client.h"
#include "cluster_client.h"
#include "configmap_summary.h"
#include "resource_store.h"
#include "test_cluster.h"

#include <QJsonArray>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::TestCluster;

// The informer-like store against a real API (the sandbox): it must equal the server after the
// initial list, after every change, and after the server restarts and its versions are gone.
// The keys a store announced, in the order it announced them.
struct Announced {
    explicit Announced(const ResourceStore &store)
    {
        QObject::connect(&store, &ResourceStore::changed, [this](const StoreChanges &changes) {
            ++bursts;
            for (const DecodedObject &object : changes.added)
                added << object.key;
            for (const DecodedObject &object : changes.modified)
                modified << object.key;
            deleted << changes.deleted;
        });
    }
    QStringList added;
    QStringList modified;
    QStringList deleted;
    int bursts = 0;
};

class TestResourceStore : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<ApiClient> client;
    QString ns;
    QString path;

    void send(const std::function<void(ApiClient::Callback)> &call)
    {
        bool done = false;
        call([&](const QJsonObject &, const ApiFailure *failure) {
            QVERIFY2(!failure, failure ? qPrintable(failure->message) : "");
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    }

    void createConfigMap(const QString &name)
    {
        send([&](ApiClient::Callback done) {
            client->create(path,
                           QJsonObject{{QStringLiteral("metadata"),
                                        QJsonObject{{QStringLiteral("name"), name}}}},
                           done);
        });
    }

    // The names the server holds now, straight from a list.
    QSet<QString> serverNames()
    {
        QSet<QString> names;
        bool done = false;
        client->list(
            path,
            [&](std::vector<DecodedObject> &items) {
                for (const DecodedObject &item : items)
                    names.insert(item.key);
            },
            [&](const QString &, const ApiFailure *) { done = true; });
        if (!QTest::qWaitFor([&] { return done; }, 30000))
            qWarning("the list did not finish");
        return names;
    }

    static QSet<QString> storeNames(const ResourceStore &store)
    {
        const QStringList keys = store.keys();
        return QSet<QString>(keys.begin(), keys.end());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        client = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(client, qPrintable(error));
        ns = cluster->createNamespace(QStringLiteral("store"));
        QVERIFY(!ns.isEmpty());
        path = QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(ns);
        for (int i = 0; i < 3; ++i)
            createConfigMap(QStringLiteral("initial-%1").arg(i));
    }

    void syncsAndFollowsChanges()
    {
        // The controller-manager puts kube-root-ca.crt into every namespace, a moment after it
        // is made: the store starts once the cluster has added its own.
        const QString rootCa = ns + QStringLiteral("/kube-root-ca.crt");
        QTRY_VERIFY_WITH_TIMEOUT(serverNames().contains(rootCa), 10000);
        ResourceStore store(client.get(), path);
        const Announced announced(store);
        store.start();
        QTRY_VERIFY_WITH_TIMEOUT(store.hasSynced(), 10000);
        QCOMPARE(storeNames(store), serverNames());
        QCOMPARE(announced.added.size(), storeNames(store).size()); // each once
        QVERIFY(announced.added.contains(ns + QStringLiteral("/initial-2")));
        QCOMPARE(announced.bursts, 1); // one page, announced at once
        QVERIFY(announced.modified.isEmpty());

        createConfigMap(QStringLiteral("later"));
        QTRY_VERIFY_WITH_TIMEOUT(announced.added.contains(ns + QStringLiteral("/later")), 10000);
        QCOMPARE(announced.added.count(ns + QStringLiteral("/later")), 1);
        send([&](ApiClient::Callback done) {
            client->create(
                QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(ns),
                QJsonObject{{QStringLiteral("metadata"),
                             QJsonObject{{QStringLiteral("name"), QStringLiteral("later")}}}},
                [done](const QJsonObject &, const ApiFailure *failure) {
                    QVERIFY(failure && failure->kind == ApiFailure::Kind::AlreadyExists);
                    done({}, nullptr);
                });
        });
        QCOMPARE(storeNames(store), serverNames());
        QVERIFY(announced.deleted.isEmpty());
        QCOMPARE(store.object(ns + QStringLiteral("/later"))
                     .value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("name")),
                 QStringLiteral("later"));
    }

    void aDigestIsKeptInPlaceOfEachObject()
    {
        // ConfigMaps' digest (their keys and sizes): from the list and from the watch alike,
        // what the store holds and announces is the digest, never the values.
        const auto withValue = [](const QString &name, const QString &value) {
            return QJsonObject{
                {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
                {QStringLiteral("data"), QJsonObject{{QStringLiteral("settings"), value}}}};
        };
        send([&](ApiClient::Callback done) {
            client->create(
                path, withValue(QStringLiteral("listed"), QString(5000, QLatin1Char('l'))), done);
        });
        ResourceStore store(client.get(), path, nullptr, &configmaps::digest);
        std::vector<QJsonObject> announced;
        QObject::connect(&store, &ResourceStore::changed, [&](const StoreChanges &changes) {
            for (const auto *objects : {&changes.added, &changes.modified})
                for (const DecodedObject &object : *objects) {
                    announced.push_back(object.object);
                    QVERIFY(object.json.size() < 1000);
                }
        });
        store.start();
        QTRY_VERIFY_WITH_TIMEOUT(store.hasSynced(), 10000);
        const QString listed = ns + QStringLiteral("/listed");
        QCOMPARE(store.object(listed)
                     .value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("settings")),
                 QJsonValue(5000));

        send([&](ApiClient::Callback done) {
            client->create(path, withValue(QStringLiteral("watched"), QStringLiteral("ü")), done);
        });
        const QString watched = ns + QStringLiteral("/watched");
        QTRY_VERIFY_WITH_TIMEOUT(store.contains(watched), 10000);
        QCOMPARE(store.object(watched)
                     .value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("settings")),
                 QJsonValue(2));
        send([&](ApiClient::Callback done) {
            client->patch(
                path + QStringLiteral("/listed"),
                QJsonObject{{QStringLiteral("data"),
                             QJsonObject{{QStringLiteral("settings"), QStringLiteral("changed")}}}},
                done);
        });
        QTRY_COMPARE_WITH_TIMEOUT(store.object(listed)
                                      .value(QStringLiteral("data"))
                                      .toObject()
                                      .value(QStringLiteral("settings")),
                                  QJsonValue(7), 10000);
        for (const QJsonObject &object : announced)
            if (!object.value(QStringLiteral("data")).toObject().isEmpty())
                QVERIFY2(configmaps::isDigest(object), qPrintable(objectKey(object)));
        QVERIFY(announced.size() >= 3); // listed, watched, changed
    }

    void aMetadataOnlyStoreGetsOnlyMetadataFromTheServer()
    {
        // As client-go's metadata informers: the server cuts every object down to its metadata
        // (PartialObjectMetadataList for the list, PartialObjectMetadata for the watch's events),
        // so no value crosses the wire. The kind says the server did it, not the digest.
        const QJsonObject labelled{
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("labelled")},
                         {QStringLiteral("labels"),
                          QJsonObject{{QStringLiteral("tier"), QStringLiteral("one")}}}}},
            {QStringLiteral("data"),
             QJsonObject{{QStringLiteral("secret-ish"), QStringLiteral("not for this store")}}}};
        send([&](ApiClient::Callback done) { client->create(path, labelled, done); });
        ResourceStore store(client.get(), path, nullptr, &metadataOnly);
        store.start();
        QTRY_VERIFY_WITH_TIMEOUT(store.hasSynced(), 10000);
        const QString key = ns + QStringLiteral("/labelled");
        const auto labelOf = [&] {
            return store.object(key)
                .value(QStringLiteral("metadata"))
                .toObject()
                .value(QStringLiteral("labels"))
                .toObject()
                .value(QStringLiteral("tier"))
                .toString();
        };
        QCOMPARE(store.object(key).value(QStringLiteral("kind")).toString(),
                 QStringLiteral("PartialObjectMetadata"));
        QVERIFY(!store.object(key).contains(QStringLiteral("data")));
        QCOMPARE(labelOf(), QStringLiteral("one"));
        QCOMPARE(storeNames(store), serverNames());

        send([&](ApiClient::Callback done) {
            client->patch(
                path + QStringLiteral("/labelled"),
                QJsonObject{
                    {QStringLiteral("metadata"),
                     QJsonObject{{QStringLiteral("labels"),
                                  QJsonObject{{QStringLiteral("tier"), QStringLiteral("two")}}}}}},
                done);
        });
        QTRY_COMPARE_WITH_TIMEOUT(labelOf(), QStringLiteral("two"), 10000);
        QCOMPARE(store.object(key).value(QStringLiteral("kind")).toString(),
                 QStringLiteral("PartialObjectMetadata"));
        QVERIFY(!store.object(key).contains(QStringLiteral("data")));
        send([&](ApiClient::Callback done) {
            client->remove(path + QStringLiteral("/labelled"), done);
        });
        QTRY_VERIFY_WITH_TIMEOUT(!store.contains(key), 10000);
    }

    void equalsTheServerAfterARestart()
    {
        if (!cluster->isSandbox())
            QSKIP("restarts the sandbox");
        ResourceStore store(client.get(), path);
        store.start();
        QTRY_VERIFY_WITH_TIMEOUT(store.hasSynced(), 10000);
        const Announced announced(store);

        QString error;
        QVERIFY2(cluster->restart(&error), qPrintable(error));
        createConfigMap(QStringLiteral("after-restart"));
        // The store's watch ends with the old server; the new one has no history, answers the
        // resumed watch with 410 Gone, and only a relist brings the new object in.
        QTRY_VERIFY_WITH_TIMEOUT(storeNames(store).contains(ns + QStringLiteral("/after-restart")),
                                 30000);
        QCOMPARE(storeNames(store), serverNames());
        QCOMPARE(announced.added, QStringList{ns + QStringLiteral("/after-restart")});
        QVERIFY(announced.modified.isEmpty()); // nothing announced twice
    }
};

QTEST_GUILESS_MAIN(TestResourceStore)
#include "test_resource_store.moc"
