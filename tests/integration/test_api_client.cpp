#include "api_client.h"
#include "bootstrap_token.h"
#include "cluster_client.h"
#include "object_meta.h"
#include "test_cluster.h"
#include "test_files.h"
#include "x509.h"

#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <numeric>

using namespace kubestrap;
using kubestrap::test::clientFor;
using kubestrap::test::TestCluster;

namespace {

struct Answer {
    QJsonObject body;
    std::optional<ApiFailure> failure;
};

Answer call(const std::function<void(ApiClient::Callback)> &send)
{
    Answer answer;
    bool done = false;
    send([&](const QJsonObject &body, const ApiFailure *failure) {
        answer.body = body;
        if (failure)
            answer.failure = *failure;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 30000))
        answer.failure =
            ApiFailure{ApiFailure::Kind::Timeout, 0, QStringLiteral("no answer in 30 s"), {}};
    return answer;
}

} // namespace

// The API client against the sandbox (or KUBESTRAP_TEST_KUBECONFIG's cluster): each credential
// kind, and every failure named as what it is.
class TestApiClient : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestCluster> cluster;

    QJsonObject whoami(ApiClient &client)
    {
        return call([&](ApiClient::Callback done) {
                   client.create(
                       QStringLiteral("/apis/authentication.k8s.io/v1/selfsubjectreviews"),
                       QJsonObject{{QStringLiteral("kind"), QStringLiteral("SelfSubjectReview")},
                                   {QStringLiteral("apiVersion"),
                                    QStringLiteral("authentication.k8s.io/v1")}},
                       done);
               })
            .body.value(QStringLiteral("status"))
            .toObject()
            .value(QStringLiteral("userInfo"))
            .toObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
    }

    void clientCertificate()
    {
        auto client = clientFor(cluster->adminKubeconfig());
        QVERIFY(client);
        const Answer version =
            call([&](ApiClient::Callback done) { client->get(QStringLiteral("/version"), done); });
        QVERIFY(!version.failure);
        QVERIFY(version.body.value(QStringLiteral("gitVersion"))
                    .toString()
                    .startsWith(QLatin1String("v1.")));
        if (cluster->isSandbox())
            QCOMPARE(whoami(*client).value(QStringLiteral("username")).toString(),
                     QStringLiteral("kubernetes-admin"));
    }

    void failuresAreClassified()
    {
        auto client = clientFor(cluster->kubeconfigFor(QStringLiteral("mallory"), {}));
        QVERIFY(client);
        Answer answer = call([&](ApiClient::Callback done) {
            client->get(QStringLiteral("/api/v1/namespaces/default/secrets"), done);
        });
        QVERIFY(answer.failure);
        QCOMPARE(answer.failure->kind, ApiFailure::Kind::Forbidden);
        QVERIFY(
            answer.failure->message.contains(QStringLiteral("cannot list resource \"secrets\"")));

        auto admin = clientFor(cluster->adminKubeconfig());
        answer = call([&](ApiClient::Callback done) {
            admin->get(QStringLiteral("/api/v1/namespaces/default/secrets/none"), done);
        });
        QCOMPARE(answer.failure->kind, ApiFailure::Kind::NotFound);
        answer = call([&](ApiClient::Callback done) {
            admin->create(
                QStringLiteral("/api/v1/namespaces/default/configmaps"),
                QJsonObject{{QStringLiteral("metadata"),
                             QJsonObject{{QStringLiteral("name"), QStringLiteral("Bad_Name")}}}},
                done);
        });
        QCOMPARE(answer.failure->kind, ApiFailure::Kind::Invalid);
        QVERIFY2(
            answer.failure->message.contains(QStringLiteral("\n  metadata.name: Invalid value")),
            qPrintable(answer.failure->message));
        answer = call([&](ApiClient::Callback done) {
            admin->create(
                QStringLiteral("/api/v1/namespaces"),
                QJsonObject{{QStringLiteral("metadata"),
                             QJsonObject{{QStringLiteral("name"), QStringLiteral("default")}}}},
                done);
        });
        QCOMPARE(answer.failure->kind, ApiFailure::Kind::AlreadyExists);
    }

    void bearerTokensFromAFileAreReadEachTime()
    {
        auto admin = clientFor(cluster->adminKubeconfig());
        auto token = BootstrapToken::generate(QDateTime::currentDateTimeUtc());
        token->usages = {QStringLiteral("authentication")};
        cluster->deleteAtEnd(QStringLiteral("/api/v1/namespaces/kube-system/secrets/")
                             + token->secretName());
        QVERIFY(!call([&](ApiClient::Callback done) {
                     admin->create(QStringLiteral("/api/v1/namespaces/kube-system/secrets"),
                                   token->toSecret(), done);
                 }).failure);
        QTemporaryDir dir;
        const QString tokenFile = dir.filePath(QStringLiteral("token"));
        QVERIFY(test::writeFile(tokenFile, "wrong00.0000000000000000\n"));
        QByteArray kubeconfig = test::readFile(cluster->kubeconfigForToken(QStringLiteral("x")));
        kubeconfig.replace("{token: \"x\"}", "{tokenFile: " + tokenFile.toUtf8() + "}");
        const QString path = dir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(test::writeFile(path, kubeconfig));
        auto client = clientFor(path);
        QVERIFY(client);
        const Answer refused =
            call([&](ApiClient::Callback done) { client->get(QStringLiteral("/api"), done); });
        QCOMPARE(refused.failure->kind, ApiFailure::Kind::Unauthorized);
        QVERIFY2(refused.failure->message.contains(
                     QStringLiteral("did not accept the credential of context")),
                 qPrintable(refused.failure->message));
        QVERIFY(test::writeFile(tokenFile, token->token().toLatin1() + '\n')); // rotated
        // kube-apiserver learns of a new token Secret through its informer, a moment later.
        QTRY_COMPARE_WITH_TIMEOUT(whoami(*client).value(QStringLiteral("username")).toString(),
                                  QStringLiteral("system:bootstrap:") + token->id, 10000);
    }

    void anUnknownCaIsATlsFailureNotANetworkError()
    {
        QTemporaryDir dir;
        QByteArray kubeconfig = test::readFile(cluster->kubeconfigForToken(QStringLiteral("x")));
        const auto other = x509::selfSign(*x509::generatePrivateKey(),
                                          {QStringLiteral("someone-else"), {}, {}, {}, true});
        kubeconfig.replace(cluster->caCertificate().toBase64(), other->toBase64());
        const QString path = dir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(test::writeFile(path, kubeconfig));
        auto client = clientFor(path);
        QVERIFY(client);
        const Answer answer =
            call([&](ApiClient::Callback done) { client->get(QStringLiteral("/version"), done); });
        QCOMPARE(answer.failure->kind, ApiFailure::Kind::Tls);
        QVERIFY2(answer.failure->message.startsWith(QStringLiteral("TLS with https://")),
                 qPrintable(answer.failure->message));

        // insecure-skip-tls-verify accepts it, and says so (anonymous may read /version).
        QVERIFY(test::writeFile(path, "clusters:\n- name: c\n  cluster: {server: "
                                          + cluster->url().toUtf8()
                                          + ", insecure-skip-tls-verify: true}\ncontexts:\n- name: "
                                            "c\n  context: {cluster: c}\n"
                                            "current-context: c\n"));
        auto insecure = clientFor(path);
        QVERIFY(insecure && insecure->connection().skipsTlsVerification());
        QVERIFY(!call([&](ApiClient::Callback done) {
                     insecure->get(QStringLiteral("/version"), done);
                 }).failure);
    }

    void nothingListeningIsAConnectionFailure()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(test::writeFile(
            path, "clusters:\n- name: c\n  cluster: {server: https://127.0.0.1:1}\n"
                  "contexts:\n- name: c\n  context: {cluster: c}\ncurrent-context: c\n"));
        auto client = clientFor(path);
        const Answer answer =
            call([&](ApiClient::Callback done) { client->get(QStringLiteral("/version"), done); });
        QCOMPARE(answer.failure->kind, ApiFailure::Kind::Connection);
        QVERIFY2(answer.failure->message.contains(QStringLiteral("connection refused")),
                 qPrintable(answer.failure->message));
    }

    void listFollowsContinueAcrossPages()
    {
        auto admin = clientFor(cluster->adminKubeconfig());
        const QString ns = cluster->createNamespace(QStringLiteral("paging"));
        QVERIFY(!ns.isEmpty());
        const QString path = QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(ns);
        // Two thousand creates at once take the server longer than this to work through, but
        // each request's time counts from when it is sent: none of them times out.
        admin->setTimeout(std::chrono::seconds(5));
        int created = 0;
        QString firstFailure;
        for (int i = 0; i < 2000; ++i) {
            admin->create(path,
                          QJsonObject{{QStringLiteral("metadata"),
                                       QJsonObject{{QStringLiteral("name"),
                                                    QStringLiteral("cm-%1").arg(i)}}}},
                          [&](const QJsonObject &, const ApiFailure *failure) {
                              created += failure ? 0 : 1;
                              if (failure && firstFailure.isEmpty())
                                  firstFailure = failure->message;
                          });
        }
        QTRY_VERIFY2_WITH_TIMEOUT(created == 2000 || !firstFailure.isEmpty(),
                                  qPrintable(QString::number(created)), 60000);
        QVERIFY2(firstFailure.isEmpty(), qPrintable(firstFailure));

        QList<int> pages;
        QSet<QString> names;
        QString version;
        bool finished = false;
        admin->list(
            path,
            [&](std::vector<DecodedObject> &items) {
                pages << int(items.size());
                for (const DecodedObject &item : items) {
                    QCOMPARE(item.key, objectKey(item.object));
                    QVERIFY(!item.resourceVersion.isEmpty());
                    names.insert(kubestrap::objectName(item.object));
                }
            },
            [&](const QString &resourceVersion, const ApiFailure *failure) {
                QVERIFY(!failure);
                version = resourceVersion;
                finished = true;
            });
        QTRY_VERIFY_WITH_TIMEOUT(finished, 60000);
        // The cluster may have put its own objects there too (kube-root-ca.crt).
        // The first page holds 500, so the first rows come soon; the next ask for as many as fit
        // in a few megabytes: here, all the rest at once.
        QVERIFY(pages.size() >= 2);
        QCOMPARE(pages.first(), 500);
        QVERIFY(pages.at(1) > 500);
        QCOMPARE(std::accumulate(pages.begin(), pages.end(), 0), names.size());
        QCOMPARE(std::count_if(
                     names.begin(), names.end(),
                     [](const QString &name) { return name.startsWith(QLatin1String("cm-")); }),
                 2000);
        QVERIFY(!version.isEmpty());
    }

    void aLargeCompressedListIsReadWhole()
    {
        // The API server gzips large answers. Twelve megabytes of repeated text shrink a
        // thousandfold, which Qt takes for a zip bomb unless told otherwise: an unpaged list (the
        // store's after an expired continue token) must still arrive.
        auto admin = clientFor(cluster->adminKubeconfig());
        const QString ns = cluster->createNamespace(QStringLiteral("gzip"));
        QVERIFY(!ns.isEmpty());
        const QString path = QStringLiteral("/api/v1/namespaces/%1/configmaps").arg(ns);
        const QString megabyte(900 * 1024, QLatin1Char('k'));
        int created = 0;
        for (int i = 0; i < 14; ++i)
            admin->create(
                path,
                QJsonObject{
                    {QStringLiteral("metadata"),
                     QJsonObject{{QStringLiteral("name"), QStringLiteral("big-%1").arg(i)}}},
                    {QStringLiteral("data"), QJsonObject{{QStringLiteral("value"), megabyte}}}},
                [&](const QJsonObject &, const ApiFailure *failure) {
                    QVERIFY2(!failure, failure ? qPrintable(failure->message) : "");
                    ++created;
                });
        QTRY_COMPARE_WITH_TIMEOUT(created, 14, 60000);
        int listed = 0;
        bool finished = false;
        admin->list(
            path,
            [&](std::vector<DecodedObject> &items) {
                for (const DecodedObject &item : items)
                    listed += item.key.contains(QStringLiteral("/big-")) ? 1 : 0;
            },
            [&](const QString &, const ApiFailure *failure) {
                QVERIFY2(!failure, failure ? qPrintable(failure->message) : "");
                finished = true;
            },
            0);
        QTRY_VERIFY_WITH_TIMEOUT(finished, 60000);
        QCOMPARE(listed, 14);
    }

    void watchStreamsEventsUntilCancelled()
    {
        auto admin = clientFor(cluster->adminKubeconfig());
        QString version;
        bool listed = false;
        admin->list(
            QStringLiteral("/api/v1/namespaces/default/secrets"),
            [](std::vector<DecodedObject> &) {},
            [&](const QString &resourceVersion, const ApiFailure *) {
                version = resourceVersion;
                listed = true;
            });
        QTRY_VERIFY(listed);
        QStringList events;
        std::optional<ApiFailure::Kind> endedWith;
        bool ended = false;
        const quint64 id = admin->watch(
            QStringLiteral("/api/v1/namespaces/default/secrets"), version,
            [&](const std::vector<ApiClient::WatchEvent> &burst) {
                for (const auto &[type, object] : burst) {
                    if (type != QLatin1String("BOOKMARK"))
                        events << type + QLatin1Char(' ') + kubestrap::objectName(object);
                }
            },
            [&](const ApiFailure *failure) {
                ended = true;
                if (failure)
                    endedWith = failure->kind;
            });
        const QString secret = QStringLiteral("watched-%1").arg(QCoreApplication::applicationPid());
        call([&](ApiClient::Callback done) {
            admin->create(QStringLiteral("/api/v1/namespaces/default/secrets"),
                          QJsonObject{{QStringLiteral("metadata"),
                                       QJsonObject{{QStringLiteral("name"), secret}}}},
                          done);
        });
        QTRY_COMPARE_WITH_TIMEOUT(events, QStringList{QStringLiteral("ADDED ") + secret}, 10000);
        admin->cancel(id);
        QTRY_VERIFY(ended);
        QCOMPARE(endedWith, std::optional(ApiFailure::Kind::Cancelled));
    }

    void manyWatchesDoNotHoldUpOtherCalls()
    {
        // Over HTTP/1.1 a watch holds its connection; a window watching ten kinds still answers.
        auto admin = clientFor(cluster->adminKubeconfig());
        std::vector<quint64> ids;
        for (int i = 0; i < 10; ++i)
            ids.push_back(admin->watch(
                QStringLiteral("/api/v1/namespaces/default/configmaps"), QString(),
                [](const std::vector<ApiClient::WatchEvent> &) {}, [](const ApiFailure *) {}));
        QTest::qWait(300);
        admin->setTimeout(std::chrono::seconds(5));
        const Answer version =
            call([&](ApiClient::Callback done) { admin->get(QStringLiteral("/version"), done); });
        QVERIFY2(!version.failure, version.failure ? qPrintable(version.failure->message) : "");
        for (const quint64 id : ids)
            admin->cancel(id);
    }

    void writesWithDryRunConflictsAndMergePatches()
    {
        auto admin = clientFor(cluster->adminKubeconfig());
        const QString collection = QStringLiteral("/api/v1/namespaces/default/configmaps");
        const QString item =
            collection + QStringLiteral("/written-%1").arg(QCoreApplication::applicationPid());
        const QJsonObject object{
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), item.section(QLatin1Char('/'), -1)}}},
            {QStringLiteral("data"), QJsonObject{{QStringLiteral("a"), QStringLiteral("1")}}}};
        Answer answer = call([&](ApiClient::Callback done) {
            admin->create(collection, object, done, ApiClient::Write::DryRun);
        });
        QVERIFY(!answer.failure);
        QCOMPARE(call([&](ApiClient::Callback done) { admin->get(item, done); }).failure->kind,
                 ApiFailure::Kind::NotFound);

        QJsonObject created =
            call([&](ApiClient::Callback done) { admin->create(collection, object, done); }).body;
        // An update that changes nothing keeps the version, as kube-apiserver does; one that
        // changes something makes the version it was sent with stale.
        answer = call([&](ApiClient::Callback done) { admin->update(item, created, done); });
        QVERIFY(!answer.failure);
        QCOMPARE(objectVersion(answer.body), objectVersion(created));
        QJsonObject changed = created;
        changed.insert(QStringLiteral("data"),
                       QJsonObject{{QStringLiteral("a"), QStringLiteral("changed")}});
        QVERIFY(
            !call([&](ApiClient::Callback done) { admin->update(item, changed, done); }).failure);
        answer = call(
            [&](ApiClient::Callback done) { admin->update(item, created, done); }); // stale now
        QVERIFY(answer.failure);
        QCOMPARE(answer.failure->kind, ApiFailure::Kind::Conflict);
        QCOMPARE(answer.failure->reason, QStringLiteral("Conflict"));
        QVERIFY2(answer.failure->message.contains(QStringLiteral("the object has been modified")),
                 qPrintable(answer.failure->message));

        answer = call([&](ApiClient::Callback done) {
            admin->patch(item,
                         QJsonObject{{QStringLiteral("data"),
                                      QJsonObject{{QStringLiteral("b"), QStringLiteral("2")}}}},
                         done);
        });
        QVERIFY(!answer.failure);
        QCOMPARE(answer.body.value(QStringLiteral("data")).toObject().size(), 2);

        QVERIFY(!call([&](ApiClient::Callback done) {
                     admin->remove(item, done, ApiClient::Write::DryRun);
                 }).failure);
        const QJsonObject current =
            call([&](ApiClient::Callback done) { admin->get(item, done); }).body;
        QVERIFY(!current.isEmpty());

        // A delete on condition that nothing changed is refused once something did, in the
        // storage layer's words; a delete that goes through answers with a Status naming what
        // went, not with the object (ConfigMaps do not set ReturnDeletedObject).
        answer =
            call([&](ApiClient::Callback done) { admin->removeIfUnchanged(item, created, done); });
        QVERIFY(answer.failure);
        QCOMPARE(answer.failure->kind, ApiFailure::Kind::Conflict);
        QVERIFY2(answer.failure->message.contains(
                     QStringLiteral("the ResourceVersion in the precondition (%1) does not "
                                    "match the ResourceVersion in record (%2)")
                         .arg(objectVersion(created), objectVersion(current))),
                 qPrintable(answer.failure->message));
        answer =
            call([&](ApiClient::Callback done) { admin->removeIfUnchanged(item, current, done); });
        QVERIFY(!answer.failure);
        QCOMPARE(answer.body.value(QStringLiteral("kind")).toString(), QStringLiteral("Status"));
        QCOMPARE(answer.body.value(QStringLiteral("status")).toString(), QStringLiteral("Success"));
        const QJsonObject details = answer.body.value(QStringLiteral("details")).toObject();
        QCOMPARE(details.value(QStringLiteral("kind")).toString(), QStringLiteral("configmaps"));
        QCOMPARE(details.value(QStringLiteral("name")).toString(),
                 item.section(QLatin1Char('/'), -1));
        QCOMPARE(details.value(QStringLiteral("uid")),
                 current.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid")));
        QCOMPARE(call([&](ApiClient::Callback done) { admin->get(item, done); }).failure->kind,
                 ApiFailure::Kind::NotFound);
    }

    void oidcIdTokensAreSentAsBearerTokens()
    {
        // A service account's token is a JWT with an expiry, as an OIDC id-token is, and the
        // server authenticates it: the kubeconfig's auth-provider entry reaches the server intact.
        auto admin = clientFor(cluster->adminKubeconfig());
        const QString accounts = QStringLiteral("/api/v1/namespaces/default/serviceaccounts");
        call([&](ApiClient::Callback done) {
            admin->create(accounts,
                          QJsonObject{{QStringLiteral("metadata"),
                                       QJsonObject{{QStringLiteral("name"),
                                                    QStringLiteral("kubestrap-oidc-test")}}}},
                          done);
        });
        const Answer issued = call([&](ApiClient::Callback done) {
            admin->create(accounts + QStringLiteral("/kubestrap-oidc-test/token"),
                          QJsonObject{{QStringLiteral("spec"),
                                       QJsonObject{{QStringLiteral("expirationSeconds"), 600}}}},
                          done);
        });
        QVERIFY(!issued.failure);
        const QByteArray idToken = issued.body.value(QStringLiteral("status"))
                                       .toObject()
                                       .value(QStringLiteral("token"))
                                       .toString()
                                       .toUtf8();
        QByteArray kubeconfig = test::readFile(cluster->kubeconfigForToken(QStringLiteral("x")));
        kubeconfig.replace("{token: \"x\"}",
                           "{auth-provider: {name: oidc, config: {id-token: " + idToken + "}}}");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(test::writeFile(path, kubeconfig));
        QString error;
        auto client = clientFor(path, &error);
        QVERIFY2(client, qPrintable(error));
        QCOMPARE(whoami(*client).value(QStringLiteral("username")).toString(),
                 QStringLiteral("system:serviceaccount:default:kubestrap-oidc-test"));
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "test_api_client.moc"
