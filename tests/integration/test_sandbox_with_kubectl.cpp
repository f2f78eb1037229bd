#include "kubectl.h"
#include "test_cluster.h"
#include "test_files.h"
#include "x509.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using kubestrap::test::ProcessResult;
using kubestrap::test::TestCluster;
namespace x509 = kubestrap::x509;

// kubectl, unchanged, against the sandbox: what it does must work as against a real API server,
// and what fails must fail with the real server's words.
class TestSandboxWithKubectl : public QObject {
    Q_OBJECT

private:
    QString kubectl;
    std::unique_ptr<TestCluster> cluster;
    QTemporaryDir home;
    QString ns;

    ProcessResult run(const QStringList &args, const QString &kubeconfig = {}) const
    {
        const QString config = kubeconfig.isEmpty() ? cluster->adminKubeconfig() : kubeconfig;
        return kubestrap::test::runProcess(
            kubectl, args, home.path(),
            kubestrap::test::kubeconfigEnvironment(home.path(), config));
    }

    QJsonObject json(const QStringList &args) const
    {
        const ProcessResult result =
            run(args + QStringList{QStringLiteral("-o"), QStringLiteral("json")});
        if (result.exitCode != 0)
            qWarning("kubectl %s: %s", qPrintable(args.join(QLatin1Char(' '))),
                     result.err.constData());
        return QJsonDocument::fromJson(result.out).object();
    }

    ProcessResult ourWhoami(const QString &kubeconfig) const
    {
        return kubestrap::test::runProcess(
            QStringLiteral(KUBESTRAP_CLI), {QStringLiteral("whoami")}, home.path(),
            kubestrap::test::kubeconfigEnvironment(home.path(), kubeconfig));
    }

    static QStringList words(const char *text)
    {
        return QString::fromLatin1(text).split(QLatin1Char(' '));
    }

private Q_SLOTS:
    void initTestCase()
    {
        kubectl = kubestrap::test::findKubectl();
        if (kubectl.isEmpty())
            QSKIP("kubectl is not installed: these tests drive it against the sandbox");
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        ns = cluster->createNamespace(QStringLiteral("kubestrap-test"));
        QVERIFY(!ns.isEmpty());
    }

    // whoami -o json names the user and groups kubectl auth whoami names; --request-timeout is
    // read as kubectl reads it, and a nonsense one refused before anything is sent.
    void whoamiAsJsonAndTheRequestTimeout()
    {
        const QJsonObject theirs = json({QStringLiteral("auth"), QStringLiteral("whoami")});
        const QJsonObject userInfo = theirs.value(QStringLiteral("status"))
                                         .toObject()
                                         .value(QStringLiteral("userInfo"))
                                         .toObject();
        const auto ours = kubestrap::test::runProcess(
            QStringLiteral(KUBESTRAP_CLI),
            {QStringLiteral("whoami"), QStringLiteral("-o"), QStringLiteral("json"),
             QStringLiteral("--request-timeout"), QStringLiteral("20s")},
            home.path(),
            kubestrap::test::kubeconfigEnvironment(home.path(), cluster->adminKubeconfig()));
        QVERIFY2(ours.exitCode == 0, ours.err.constData());
        const QJsonObject mine = QJsonDocument::fromJson(ours.out).object();
        QCOMPARE(mine.value(QStringLiteral("username")),
                 userInfo.value(QStringLiteral("username")));
        QCOMPARE(mine.value(QStringLiteral("groups")), userInfo.value(QStringLiteral("groups")));
        QCOMPARE(mine.value(QStringLiteral("server")).toString(), cluster->url());
        const auto refused = kubestrap::test::runProcess(
            QStringLiteral(KUBESTRAP_CLI),
            {QStringLiteral("--request-timeout"), QStringLiteral("soon"), QStringLiteral("whoami")},
            home.path(),
            kubestrap::test::kubeconfigEnvironment(home.path(), cluster->adminKubeconfig()));
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("--request-timeout 'soon'"), refused.err.constData());
    }

    void versionAndDiscovery()
    {
        const ProcessResult version = run(words("version"));
        QVERIFY2(version.exitCode == 0, version.err.constData());
        QVERIFY(version.out.contains("Server Version: v1."));
        const ProcessResult resources = run(words("api-resources"));
        QVERIFY2(resources.exitCode == 0, resources.err.constData());
        for (const char *kind : {"secrets", "configmaps", "namespaces", "roles",
                                 "clusterrolebindings", "certificatesigningrequests"})
            QVERIFY2(resources.out.contains(kind), kind);
    }

    void secretLifecycle()
    {
        ProcessResult result =
            run({QStringLiteral("create"), QStringLiteral("secret"), QStringLiteral("generic"),
                 QStringLiteral("db"), QStringLiteral("--from-literal=password=s3cret"),
                 QStringLiteral("-n"), ns});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject secret = json({QStringLiteral("get"), QStringLiteral("secret"),
                                         QStringLiteral("db"), QStringLiteral("-n"), ns});
        QCOMPARE(secret.value(QStringLiteral("type")).toString(), QStringLiteral("Opaque"));
        QCOMPARE(secret.value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("password"))
                     .toString(),
                 QString::fromLatin1(QByteArray("s3cret").toBase64()));
        const QJsonObject metadata = secret.value(QStringLiteral("metadata")).toObject();
        QVERIFY(!metadata.value(QStringLiteral("uid")).toString().isEmpty());
        QVERIFY(metadata.value(QStringLiteral("resourceVersion")).toString().toLongLong() > 0);
        QVERIFY(!metadata.value(QStringLiteral("creationTimestamp")).toString().isEmpty());

        result = run({QStringLiteral("create"), QStringLiteral("secret"), QStringLiteral("generic"),
                      QStringLiteral("db"), QStringLiteral("--from-literal=a=b"),
                      QStringLiteral("-n"), ns});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("secrets \"db\" already exists"), result.err.constData());

        result =
            run({QStringLiteral("patch"), QStringLiteral("secret"), QStringLiteral("db"),
                 QStringLiteral("-n"), ns, QStringLiteral("--type=merge"), QStringLiteral("-p"),
                 QStringLiteral(R"({"metadata":{"labels":{"tier":"db"}}})")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        result = run({QStringLiteral("get"), QStringLiteral("secrets"), QStringLiteral("-n"), ns,
                      QStringLiteral("-l"), QStringLiteral("tier=db"), QStringLiteral("-o"),
                      QStringLiteral("name")});
        QCOMPARE(result.out.trimmed(), QByteArray("secret/db"));

        result = run({QStringLiteral("delete"), QStringLiteral("secret"), QStringLiteral("db"),
                      QStringLiteral("-n"), ns});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        result = run({QStringLiteral("get"), QStringLiteral("secret"), QStringLiteral("db"),
                      QStringLiteral("-n"), ns});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("Error from server (NotFound): secrets \"db\" not found"),
                 result.err.constData());
    }

    void createAndApplyValidateAgainstTheServersSchemas()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("map.yaml"));
        const auto write = [&](const QByteArray &yaml) {
            kubestrap::test::writeFile(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
                                             "schema-probe\n  namespace: "
                                                 + ns.toUtf8() + "\n" + yaml);
        };
        // No --validate=false: kubectl reads /openapi/v3 and asks for strict decoding.
        write("  colour: blue\ndata: {a: b}\nspec: {}\n");
        ProcessResult result = run({QStringLiteral("create"), QStringLiteral("-f"), file});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("ConfigMap in version \"v1\" cannot be handled as a "
                                     "ConfigMap: strict decoding error: unknown field "
                                     "\"metadata.colour\", unknown field \"spec\""),
                 result.err.constData());
        result = run({QStringLiteral("create"), QStringLiteral("--validate=warn"),
                      QStringLiteral("-f"), file});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY2(result.err.contains("Warning: unknown field \"spec\""), result.err.constData());
        const QStringList get{QStringLiteral("get"), QStringLiteral("configmap"),
                              QStringLiteral("schema-probe"), QStringLiteral("-n"), ns};
        QVERIFY(!json(get).contains(QStringLiteral("spec"))); // dropped, as the decoder drops it

        // Client-side apply sends a three-way strategic merge patch.
        write("  labels: {team: blue}\ndata: {a: b, c: d}\n");
        result = run({QStringLiteral("apply"), QStringLiteral("-f"), file});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        write("  labels: {tier: web}\ndata: {a: z}\n");
        result = run({QStringLiteral("apply"), QStringLiteral("-f"), file});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject applied = json(get);
        QCOMPARE(applied.value(QStringLiteral("data")).toObject(),
                 (QJsonObject{{QStringLiteral("a"), QStringLiteral("z")}}));
        QCOMPARE(applied.value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("labels"))
                     .toObject(),
                 (QJsonObject{{QStringLiteral("tier"), QStringLiteral("web")}}));

        result = run({QStringLiteral("patch"), QStringLiteral("configmap"),
                      QStringLiteral("schema-probe"), QStringLiteral("-n"), ns,
                      QStringLiteral("--type=json"), QStringLiteral("-p"),
                      QStringLiteral(R"([{"op":"move","from":"/data/a","path":"/data/b"}])")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(json(get).value(QStringLiteral("data")).toObject(),
                 (QJsonObject{{QStringLiteral("b"), QStringLiteral("z")}}));
        result = run({QStringLiteral("patch"), QStringLiteral("configmap"),
                      QStringLiteral("schema-probe"), QStringLiteral("-n"), ns,
                      QStringLiteral("--type=json"), QStringLiteral("-p"),
                      QStringLiteral(R"([{"op":"test","path":"/data/b","value":"y"}])")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("the server rejected our request due to an error in our "
                                     "request"),
                 result.err.constData());

        // Server-side apply needs managedFields, which the sandbox does not keep.
        result = run(
            {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"), file});
        if (cluster->isSandbox()) {
            QCOMPARE(result.exitCode, 1);
            QVERIFY2(result.err.contains("Server-side apply not available on the server: (415: "
                                         "Unsupported Media Type)"),
                     result.err.constData());
        } else {
            QVERIFY2(result.exitCode == 0, result.err.constData());
        }
    }

    void applyMergesListsTheSchemaMarksMerge()
    {
        // Finalizers merge as a set and ServiceAccount secrets by name; the order is the real
        // server's (kube-apiserver v1.32 answered these same steps in this order).
        const QStringList get{QStringLiteral("get"), QStringLiteral("serviceaccount"),
                              QStringLiteral("merge-probe"), QStringLiteral("-n"), ns};
        const auto state = [&] {
            const QJsonObject account = json(get);
            QStringList seen;
            const QJsonObject metadata = account.value(QStringLiteral("metadata")).toObject();
            for (const QJsonValue &finalizer :
                 metadata.value(QStringLiteral("finalizers")).toArray())
                seen << finalizer.toString();
            seen << QStringLiteral("|");
            for (const QJsonValue &secret : account.value(QStringLiteral("secrets")).toArray())
                seen << secret.toObject().value(QStringLiteral("name")).toString();
            return seen.join(QLatin1Char(' '));
        };
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("account.yaml"));
        const auto apply = [&](const char *finalizers, const char *secrets) {
            kubestrap::test::writeFile(
                file, QStringLiteral("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: "
                                     "merge-probe\n  namespace: %1\n  finalizers: [%2]\n"
                                     "secrets: [%3]\n")
                          .arg(ns, QLatin1String(finalizers), QLatin1String(secrets))
                          .toUtf8());
            return run({QStringLiteral("apply"), QStringLiteral("-f"), file});
        };
        ProcessResult result = apply("example.com/a, example.com/b", "{name: s1}, {name: s2}");
        QVERIFY2(result.exitCode == 0, result.err.constData());
        result = run({QStringLiteral("patch"), QStringLiteral("serviceaccount"),
                      QStringLiteral("merge-probe"), QStringLiteral("-n"), ns, QStringLiteral("-p"),
                      QStringLiteral(R"({"metadata":{"finalizers":["example.com/z"]}})")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(state(), QStringLiteral("example.com/z example.com/a example.com/b | s1 s2"));
        result = apply("example.com/b, example.com/c", "{name: s2}, {name: s3}");
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(state(), QStringLiteral("example.com/z example.com/b example.com/c | s2 s3"));

        // With finalizers left, a delete only marks it; removing the last one lets it go.
        result = run({QStringLiteral("delete"), QStringLiteral("serviceaccount"),
                      QStringLiteral("merge-probe"), QStringLiteral("-n"), ns,
                      QStringLiteral("--wait=false")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY(json(get)
                    .value(QStringLiteral("metadata"))
                    .toObject()
                    .contains(QStringLiteral("deletionTimestamp")));
        result = run({QStringLiteral("patch"), QStringLiteral("serviceaccount"),
                      QStringLiteral("merge-probe"), QStringLiteral("-n"), ns,
                      QStringLiteral("--type=json"), QStringLiteral("-p"),
                      QStringLiteral(R"([{"op":"remove","path":"/metadata/finalizers"}])")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QTRY_COMPARE_WITH_TIMEOUT(run(get).exitCode, 1, 10000);
    }

    void invalidNamesAreRefusedWithFieldCauses()
    {
        const ProcessResult result = run({QStringLiteral("create"), QStringLiteral("configmap"),
                                          QStringLiteral("Bad_Name"), QStringLiteral("-n"), ns});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(
            result.err.contains(
                "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\""),
            result.err.constData());
    }

    void missingNamespaceIsNotFound()
    {
        const ProcessResult result = run(words("create configmap c -n no-such-namespace"));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("namespaces \"no-such-namespace\" not found"),
                 result.err.constData());
    }

    void serverSideDryRunChangesNothing()
    {
        ProcessResult result = run({QStringLiteral("create"), QStringLiteral("configmap"),
                                    QStringLiteral("dry"), QStringLiteral("--from-literal=a=b"),
                                    QStringLiteral("--dry-run=server"), QStringLiteral("-n"), ns});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        result = run({QStringLiteral("get"), QStringLiteral("configmap"), QStringLiteral("dry"),
                      QStringLiteral("-n"), ns});
        QCOMPARE(result.exitCode, 1);
    }

    void staleUpdatesConflict()
    {
        QVERIFY(
            run({QStringLiteral("create"), QStringLiteral("configmap"), QStringLiteral("settings"),
                 QStringLiteral("--from-literal=a=1"), QStringLiteral("-n"), ns})
                .exitCode
            == 0);
        QJsonObject stale = json({QStringLiteral("get"), QStringLiteral("configmap"),
                                  QStringLiteral("settings"), QStringLiteral("-n"), ns});
        QVERIFY(
            run({QStringLiteral("patch"), QStringLiteral("configmap"), QStringLiteral("settings"),
                 QStringLiteral("-n"), ns, QStringLiteral("--type=merge"), QStringLiteral("-p"),
                 QStringLiteral(R"({"data":{"a":"2"}})")})
                .exitCode
            == 0);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("stale.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        stale.insert(QStringLiteral("data"),
                     QJsonObject{{QStringLiteral("a"), QStringLiteral("3")}});
        out.write(QJsonDocument(stale).toJson());
        out.close();
        const ProcessResult result = run({QStringLiteral("replace"), QStringLiteral("-f"), file});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(
            result.err.contains(
                "the object has been modified; please apply your changes to the latest version"),
            result.err.constData());
    }

    void rbacObjectsFromKubectlCreate()
    {
        QVERIFY(run({QStringLiteral("create"), QStringLiteral("role"), QStringLiteral("reader"),
                     QStringLiteral("--verb=get,list"),
                     QStringLiteral("--resource=secrets,configmaps"), QStringLiteral("-n"), ns})
                    .exitCode
                == 0);
        QVERIFY(
            run({QStringLiteral("create"), QStringLiteral("rolebinding"), QStringLiteral("read"),
                 QStringLiteral("--role=reader"), QStringLiteral("--user=alice"),
                 QStringLiteral("--group=ops"), QStringLiteral("-n"), ns})
                .exitCode
            == 0);
        const QJsonObject role = json({QStringLiteral("get"), QStringLiteral("role"),
                                       QStringLiteral("reader"), QStringLiteral("-n"), ns});
        const QJsonObject rule = role.value(QStringLiteral("rules")).toArray().first().toObject();
        QCOMPARE(rule.value(QStringLiteral("apiGroups")).toArray(), QJsonArray{QString()});
        QCOMPARE(rule.value(QStringLiteral("verbs")).toArray(),
                 (QJsonArray{QStringLiteral("get"), QStringLiteral("list")}));
        const QJsonObject binding = json({QStringLiteral("get"), QStringLiteral("rolebinding"),
                                          QStringLiteral("read"), QStringLiteral("-n"), ns});
        QCOMPARE(binding.value(QStringLiteral("roleRef"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("reader"));
        QCOMPARE(binding.value(QStringLiteral("subjects")).toArray().size(), 2);
        const ProcessResult wide =
            run({QStringLiteral("get"), QStringLiteral("rolebinding"), QStringLiteral("read"),
                 QStringLiteral("-n"), ns, QStringLiteral("-o"), QStringLiteral("wide")});
        QVERIFY2(wide.out.contains("Role/reader") && wide.out.contains("alice")
                     && wide.out.contains("ops"),
                 wide.out.constData());
    }

    void pagingReturnsEverything()
    {
        for (int i = 0; i < 7; ++i)
            QVERIFY(run({QStringLiteral("create"), QStringLiteral("configmap"),
                         QStringLiteral("page-%1").arg(i), QStringLiteral("-n"), ns})
                        .exitCode
                    == 0);
        const ProcessResult result =
            run({QStringLiteral("get"), QStringLiteral("configmaps"), QStringLiteral("-n"), ns,
                 QStringLiteral("--chunk-size=2"), QStringLiteral("-o"), QStringLiteral("name"),
                 QStringLiteral("-v=6")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        for (int i = 0; i < 7; ++i)
            QVERIFY(result.out.contains(QStringLiteral("configmap/page-%1\n").arg(i).toUtf8()));
        QVERIFY2(result.err.contains("continue="), "kubectl never asked for a second page");
    }

    void watchReceivesEvents()
    {
        QProcess watcher;
        watcher.setProcessEnvironment(
            kubestrap::test::kubeconfigEnvironment(home.path(), cluster->adminKubeconfig()));
        watcher.start(kubectl,
                      {QStringLiteral("get"), QStringLiteral("secrets"), QStringLiteral("-n"), ns,
                       QStringLiteral("--watch"), QStringLiteral("--output-watch-events")});
        QVERIFY(watcher.waitForStarted());
        QTest::qWait(1500); // let the watch begin
        QVERIFY(run({QStringLiteral("create"), QStringLiteral("secret"), QStringLiteral("generic"),
                     QStringLiteral("watched"), QStringLiteral("-n"), ns})
                    .exitCode
                == 0);
        QVERIFY(run({QStringLiteral("delete"), QStringLiteral("secret"), QStringLiteral("watched"),
                     QStringLiteral("-n"), ns})
                    .exitCode
                == 0);
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += watcher.readAllStandardOutput()).contains("DELETED"),
                                 10000);
        QVERIFY2(QRegularExpression(QStringLiteral("ADDED +watched +Opaque"))
                     .match(QString::fromUtf8(seen))
                     .hasMatch(),
                 seen.constData());
        QVERIFY2(QRegularExpression(QStringLiteral("DELETED +watched"))
                     .match(QString::fromUtf8(seen))
                     .hasMatch(),
                 seen.constData());
        watcher.kill();
        watcher.waitForFinished();
    }

    void authCanIFollowsRbac()
    {
        // A user of this run's own, whom no one else has bound.
        const QString carol =
            QStringLiteral("--as=") + TestCluster::uniqueName(QStringLiteral("carol"));
        QVERIFY(run({QStringLiteral("create"), QStringLiteral("rolebinding"),
                     QStringLiteral("carol-edit"), QStringLiteral("--clusterrole=edit"),
                     QStringLiteral("--user=") + carol.mid(5), QStringLiteral("-n"), ns})
                    .exitCode
                == 0);
        const auto canI = [&](const QStringList &args) {
            return run(QStringList{QStringLiteral("auth"), QStringLiteral("can-i")} + args)
                .out.trimmed();
        };
        // Once the API server's RBAC has seen the binding.
        QCOMPARE(
            runUntil({QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("create"),
                      QStringLiteral("secrets"), QStringLiteral("-n"), ns, carol},
                     {}, 0)
                .out.trimmed(),
            QByteArray("yes"));
        // edit aggregates view: reading is allowed, RBAC objects are not.
        QCOMPARE(canI({QStringLiteral("list"), QStringLiteral("configmaps"), QStringLiteral("-n"),
                       ns, carol}),
                 QByteArray("yes"));
        QCOMPARE(canI({QStringLiteral("create"), QStringLiteral("roles"), QStringLiteral("-n"), ns,
                       carol}),
                 QByteArray("no"));
        QCOMPARE(canI({QStringLiteral("list"), QStringLiteral("secrets"), QStringLiteral("-n"),
                       QStringLiteral("default"), carol}),
                 QByteArray("no"));
        QCOMPARE(canI({QStringLiteral("get"), QStringLiteral("/version"), carol}),
                 QByteArray("yes"));
        // A bootstrap token's user may do nothing until the bootstrap RBAC is in place.
        QCOMPARE(canI({QStringLiteral("create"), QStringLiteral("certificatesigningrequests"),
                       QStringLiteral("--subresource=nodeclient"),
                       QStringLiteral("--as=system:bootstrap:abcdef"),
                       QStringLiteral("--as-group=system:bootstrappers")}),
                 QByteArray("no"));
        // Anonymous may not even ask: system:basic-user is bound to system:authenticated only.
        const ProcessResult anonymous =
            run({QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("get"),
                 QStringLiteral("configmaps"), QStringLiteral("--as=system:anonymous"),
                 QStringLiteral("--as-group=system:unauthenticated")});
        QVERIFY2(
            anonymous.err.contains(
                "User \"system:anonymous\" cannot create resource \"selfsubjectaccessreviews\""),
            anonymous.err.constData());
        const ProcessResult whoami =
            run({QStringLiteral("auth"), QStringLiteral("whoami"), QStringLiteral("--as=dave"),
                 QStringLiteral("--as-group=ops")});
        QVERIFY2(whoami.exitCode == 0, whoami.err.constData());
        QVERIFY2(whoami.out.contains("dave") && whoami.out.contains("ops"), whoami.out.constData());
    }

    // A token Secret as the kubeadm documentation creates one by hand, deleted at the end.
    ProcessResult createToken(const QString &id, const QString &secret,
                              const QStringList &more = {})
    {
        cluster->deleteAtEnd(QStringLiteral("/api/v1/namespaces/kube-system/secrets/"
                                            "bootstrap-token-")
                             + id);
        return run(QStringList{QStringLiteral("create"), QStringLiteral("secret"),
                               QStringLiteral("generic"), QStringLiteral("bootstrap-token-") + id,
                               QStringLiteral("-n"), QStringLiteral("kube-system"),
                               QStringLiteral("--type=bootstrap.kubernetes.io/token"),
                               QStringLiteral("--from-literal=token-id=") + id,
                               QStringLiteral("--from-literal=token-secret=") + secret,
                               QStringLiteral("--from-literal=usage-bootstrap-authentication=true")}
                   + more);
    }

    // kubectl `args` with `kubeconfig`, again until it exits with `exitCode` (15 s at most).
    // kube-apiserver sees new tokens, accounts and bindings through its informers, a moment
    // after they are made, and remembers a token it accepted for 10 s (--token-auth-cache).
    ProcessResult runUntil(const QStringList &args, const QString &kubeconfig, int exitCode) const
    {
        ProcessResult result;
        QDeadlineTimer deadline(15000);
        while ((result = run(args, kubeconfig)).exitCode != exitCode && !deadline.hasExpired())
            QTest::qWait(200);
        return result;
    }

    ProcessResult whoamiOnceKnown(const QString &kubeconfig) const
    {
        return runUntil(words("auth whoami"), kubeconfig, 0);
    }

    void bootstrapTokensAuthenticateAsKubeadmsDo()
    {
        const QString id = TestCluster::uniqueTokenId('a');
        const ProcessResult created = createToken(
            id, QStringLiteral("f395accd246ae52d"),
            {QStringLiteral("--from-literal=auth-extra-groups=system:bootstrappers:worker")});
        QVERIFY2(created.exitCode == 0, created.err.constData());
        const ProcessResult whoami =
            whoamiOnceKnown(cluster->kubeconfigForToken(id + QStringLiteral(".f395accd246ae52d")));
        QVERIFY2(whoami.exitCode == 0, whoami.err.constData());
        QVERIFY2(whoami.out.contains("system:bootstrap:" + id.toLatin1()), whoami.out.constData());
        QVERIFY2(whoami.out.contains("system:bootstrappers:worker"), whoami.out.constData());

        const ProcessResult wrong =
            run(words("auth whoami"),
                cluster->kubeconfigForToken(id + QStringLiteral(".0000000000000000")));
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains("Unauthorized"), wrong.err.constData());

        // The server stores a malformed token's Secret as given (kubeadm's checks are kubeadm's),
        // but it authenticates no one.
        const QString malformedId = TestCluster::uniqueTokenId('m');
        const ProcessResult malformed = createToken(malformedId, QStringLiteral("short"));
        QVERIFY2(malformed.exitCode == 0, malformed.err.constData());
        const ProcessResult refused =
            run(words("auth whoami"),
                cluster->kubeconfigForToken(malformedId + QStringLiteral(".short")));
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("Unauthorized"), refused.err.constData());
    }

    // A CSR as a kubelet or `kubectl create -f` sends it.
    static QByteArray certificateRequest(const QString &name, const QString &commonName,
                                         const QStringList &groups, const QString &signer,
                                         const QStringList &usages)
    {
        x509::CertificateProfile subject;
        subject.commonName = commonName;
        subject.organizations = groups;
        const QByteArray pem = *x509::createRequest(*x509::generatePrivateKey(), subject);
        const QJsonObject csr{
            {QStringLiteral("apiVersion"), QStringLiteral("certificates.k8s.io/v1")},
            {QStringLiteral("kind"), QStringLiteral("CertificateSigningRequest")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
            {QStringLiteral("spec"),
             QJsonObject{{QStringLiteral("request"), QString::fromLatin1(pem.toBase64())},
                         {QStringLiteral("signerName"), signer},
                         {QStringLiteral("expirationSeconds"), 3600},
                         {QStringLiteral("usages"), QJsonArray::fromStringList(usages)}}}};
        return QJsonDocument(csr).toJson();
    }

    // The CSR once the signer has issued its certificate, or nothing after ten seconds.
    QJsonObject issuedRequest(const QString &name) const
    {
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            const QJsonObject csr = json({QStringLiteral("get"), QStringLiteral("csr"), name});
            if (!csr.value(QStringLiteral("status"))
                     .toObject()
                     .value(QStringLiteral("certificate"))
                     .toString()
                     .isEmpty())
                return csr;
            QTest::qWait(200);
        }
        return {};
    }

    ProcessResult createFromJson(const QByteArray &json, const QString &kubeconfig = {}) const
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("object.json"));
        kubestrap::test::writeFile(file, json);
        return run({QStringLiteral("create"), QStringLiteral("-f"), file}, kubeconfig);
    }

    void certificateApproveAndTheSigner()
    {
        const QString name = TestCluster::uniqueName(QStringLiteral("alice-client"));
        cluster->deleteAtEnd(QStringLiteral("/apis/certificates.k8s.io/v1/"
                                            "certificatesigningrequests/")
                             + name);
        const QDateTime requested = QDateTime::currentDateTimeUtc();
        const ProcessResult created = createFromJson(
            certificateRequest(name, QStringLiteral("alice"), {QStringLiteral("dev")},
                               QStringLiteral("kubernetes.io/kube-apiserver-client"),
                               {QStringLiteral("client auth")}));
        QVERIFY2(created.exitCode == 0, created.err.constData());
        ProcessResult listed = run({QStringLiteral("get"), QStringLiteral("csr"), name});
        QVERIFY2(listed.out.contains("Pending")
                     && listed.out.contains("kubernetes.io/kube-apiserver-client"),
                 listed.out.constData());

        const ProcessResult approved =
            run({QStringLiteral("certificate"), QStringLiteral("approve"), name});
        QVERIFY2(approved.exitCode == 0, approved.err.constData());
        const QJsonObject csr = issuedRequest(name);
        QVERIFY2(!csr.isEmpty(), "no certificate was issued");
        const auto issued =
            x509::inspect(QByteArray::fromBase64(csr.value(QStringLiteral("status"))
                                                     .toObject()
                                                     .value(QStringLiteral("certificate"))
                                                     .toString()
                                                     .toLatin1()));
        QVERIFY(issued);
        QCOMPARE(issued->commonName, QStringLiteral("alice"));
        // As kube-controller-manager signs: valid from 5 minutes before, for expirationSeconds
        // (3600) after.
        const qint64 backdated = issued->notBefore.secsTo(requested);
        QVERIFY2(backdated >= 298 && backdated <= 302, qPrintable(QString::number(backdated)));
        QCOMPARE(issued->notBefore.secsTo(issued->notAfter), 3900);
        listed = run({QStringLiteral("get"), QStringLiteral("csr"), name});
        QVERIFY2(listed.out.contains("Approved,Issued"), listed.out.constData());
    }

    void systemMastersIsRefusedForTheApiServerClientSigner()
    {
        // CertificateSubjectRestriction: such a request is never even stored.
        const QString name = TestCluster::uniqueName(QStringLiteral("masters"));
        cluster->deleteAtEnd(QStringLiteral("/apis/certificates.k8s.io/v1/"
                                            "certificatesigningrequests/")
                             + name);
        const ProcessResult refused = createFromJson(
            certificateRequest(name, QStringLiteral("mallory"), {QStringLiteral("system:masters")},
                               QStringLiteral("kubernetes.io/kube-apiserver-client"),
                               {QStringLiteral("client auth")}));
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(
                     QStringLiteral("certificatesigningrequests.certificates.k8s.io \"%1\" is "
                                    "forbidden: use of kubernetes.io/kube-apiserver-client signer "
                                    "with system:masters group is not allowed")
                         .arg(name)
                         .toUtf8()),
                 refused.err.constData());
    }

    void nodeClientCertificatesAreAutoApprovedOnceRbacAllows()
    {
        // The token's own group is bound, so what others bound in the cluster does not matter.
        const QString id = TestCluster::uniqueTokenId('n');
        const QString group = QStringLiteral("system:bootstrappers:")
                              + TestCluster::uniqueName(QStringLiteral("kubestrap"));
        QVERIFY(createToken(id, QStringLiteral("0123456789abcdef"),
                            {QStringLiteral("--from-literal=auth-extra-groups=") + group})
                    .exitCode
                == 0);
        const QString node = cluster->kubeconfigForToken(id + QStringLiteral(".0123456789abcdef"));
        QVERIFY(whoamiOnceKnown(node).exitCode == 0);
        const QString csrName = TestCluster::uniqueName(QStringLiteral("node-csr"));
        cluster->deleteAtEnd(QStringLiteral("/apis/certificates.k8s.io/v1/"
                                            "certificatesigningrequests/")
                             + csrName);
        const QByteArray request = certificateRequest(
            csrName,
            QStringLiteral("system:node:") + TestCluster::uniqueName(QStringLiteral("worker")),
            {QStringLiteral("system:nodes")},
            QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet"),
            {QStringLiteral("digital signature"), QStringLiteral("client auth")});
        // Without kubeadm's bootstrap RBAC a bootstrap token may not even create the CSR
        // (unless the cluster lets every bootstrapper do so).
        const bool allowedAlready =
            run({QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("create"),
                 QStringLiteral("certificatesigningrequests"),
                 QStringLiteral("--as=system:bootstrap:") + id,
                 QStringLiteral("--as-group=system:bootstrappers")})
                .exitCode
            == 0;
        ProcessResult created = createFromJson(request, node);
        if (!allowedAlready) {
            QCOMPARE(created.exitCode, 1);
            QVERIFY2(created.err.contains("forbidden"), created.err.constData());
        }

        for (const QString &role :
             {QStringLiteral("system:node-bootstrapper"),
              QStringLiteral("system:certificates.k8s.io:certificatesigningrequests:nodeclient")}) {
            const QString binding = TestCluster::uniqueName(QStringLiteral("kubestrap-test-")
                                                            + role.section(QLatin1Char(':'), -1));
            cluster->deleteAtEnd(QStringLiteral("/apis/rbac.authorization.k8s.io/v1/"
                                                "clusterrolebindings/")
                                 + binding);
            QVERIFY(
                run({QStringLiteral("create"), QStringLiteral("clusterrolebinding"), binding,
                     QStringLiteral("--clusterrole=") + role, QStringLiteral("--group=") + group})
                    .exitCode
                == 0);
        }
        if (created.exitCode != 0)
            created = createFromJson(request, node);
        QVERIFY2(created.exitCode == 0, created.err.constData());
        const QJsonObject csr = issuedRequest(csrName);
        QVERIFY2(!csr.isEmpty(), "no certificate was issued");
        const QJsonObject condition = csr.value(QStringLiteral("status"))
                                          .toObject()
                                          .value(QStringLiteral("conditions"))
                                          .toArray()
                                          .first()
                                          .toObject();
        QCOMPARE(condition.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("AutoApproved"));
        QCOMPARE(csr.value(QStringLiteral("spec"))
                     .toObject()
                     .value(QStringLiteral("username"))
                     .toString(),
                 QStringLiteral("system:bootstrap:") + id);
    }

    void serviceAccountTokensAuthenticateUntilTheAccountGoes()
    {
        QVERIFY(run({QStringLiteral("create"), QStringLiteral("serviceaccount"),
                     QStringLiteral("robot"), QStringLiteral("-n"), ns})
                    .exitCode
                == 0);
        const ProcessResult token =
            run({QStringLiteral("create"), QStringLiteral("token"), QStringLiteral("robot"),
                 QStringLiteral("-n"), ns, QStringLiteral("--duration=1h")});
        QVERIFY2(token.exitCode == 0, token.err.constData());
        const QString robot = cluster->kubeconfigForToken(QString::fromLatin1(token.out.trimmed()));
        const ProcessResult whoami = whoamiOnceKnown(robot);
        QVERIFY2(
            whoami.out.contains(QStringLiteral("system:serviceaccount:%1:robot").arg(ns).toUtf8()),
            whoami.out.constData());
        QVERIFY(run({QStringLiteral("create"), QStringLiteral("rolebinding"),
                     QStringLiteral("robot-view"), QStringLiteral("--clusterrole=view"),
                     QStringLiteral("--serviceaccount=%1:robot").arg(ns), QStringLiteral("-n"), ns})
                    .exitCode
                == 0);
        QCOMPARE(runUntil({QStringLiteral("get"), QStringLiteral("configmaps"),
                           QStringLiteral("-n"), ns},
                          robot, 0)
                     .exitCode,
                 0);
        QCOMPARE(
            run({QStringLiteral("get"), QStringLiteral("secrets"), QStringLiteral("-n"), ns}, robot)
                .exitCode,
            1);
        QVERIFY(run({QStringLiteral("delete"), QStringLiteral("serviceaccount"),
                     QStringLiteral("robot"), QStringLiteral("-n"), ns})
                    .exitCode
                == 0);
        const ProcessResult gone = runUntil(
            {QStringLiteral("get"), QStringLiteral("configmaps"), QStringLiteral("-n"), ns}, robot,
            1);
        QVERIFY2(gone.err.contains("Unauthorized"), gone.err.constData());
    }

    void demoClusterHasSomethingForEveryPanel()
    {
        QString error;
        const auto demo = TestCluster::startSandbox(
            QStringLiteral(KUBESTRAP_SANDBOX), &error,
            {QStringLiteral("--demo"), QStringLiteral("--controllers=*,-tokencleaner")});
        QVERIFY2(demo, qPrintable(error));
        const auto demoJson = [&](const QStringList &args) {
            const ProcessResult result =
                run(args + QStringList{QStringLiteral("-o"), QStringLiteral("json")},
                    demo->adminKubeconfig());
            return QJsonDocument::fromJson(result.out).object();
        };
        QCOMPARE(demoJson(words("get secrets -n kube-system --field-selector "
                                "type=bootstrap.kubernetes.io/token"))
                     .value(QStringLiteral("items"))
                     .toArray()
                     .size(),
                 4); // with TokenCleaner off, the expired one stays
        QJsonObject data;
        QTRY_VERIFY_WITH_TIMEOUT(
            (data = demoJson(words("get configmap cluster-info -n kube-public"))
                        .value(QStringLiteral("data"))
                        .toObject())
                    .keys()
                    .filter(QStringLiteral("jws-kubeconfig-"))
                    .size()
                == 2,
            10000); // the two tokens that may sign
        const ProcessResult csrs = run(words("get csr"), demo->adminKubeconfig());
        QVERIFY2(csrs.out.contains("Pending") && csrs.out.contains("Approved,Issued"),
                 csrs.out.constData());
    }

    void fiftyWatchesLeaveRoomForEveryoneElse()
    {
        std::vector<std::unique_ptr<QProcess>> watchers;
        for (int i = 0; i < 50; ++i) {
            auto watcher = std::make_unique<QProcess>();
            watcher->setProcessEnvironment(
                kubestrap::test::kubeconfigEnvironment(home.path(), cluster->adminKubeconfig()));
            watcher->start(kubectl, {QStringLiteral("get"), QStringLiteral("configmaps"),
                                     QStringLiteral("-n"), ns, QStringLiteral("--watch"),
                                     QStringLiteral("-o"), QStringLiteral("name")});
            watchers.push_back(std::move(watcher));
        }
        QTest::qWait(3000); // every watch is open by now
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 5; ++i)
            QCOMPARE(
                run({QStringLiteral("get"), QStringLiteral("secrets"), QStringLiteral("-n"), ns})
                    .exitCode,
                0);
        QVERIFY2(timer.elapsed() < 15000, qPrintable(QString::number(timer.elapsed())));
        for (auto &watcher : watchers) {
            QCOMPARE(watcher->state(), QProcess::Running); // no watch was dropped to make room
            watcher->kill();
            watcher->waitForFinished();
        }
    }

    void staticAdminToken()
    {
        QTemporaryDir dir;
        const QString tokenFile = dir.filePath(QStringLiteral("token"));
        QVERIFY(kubestrap::test::writeFile(tokenFile, "s3cr3t-admin-token\n"));
        QString error;
        const auto withToken =
            TestCluster::startSandbox(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                      {QStringLiteral("--admin-token-file"), tokenFile});
        QVERIFY2(withToken, qPrintable(error));
        const ProcessResult whoami =
            run(words("auth whoami"),
                withToken->kubeconfigForToken(QStringLiteral("s3cr3t-admin-token")));
        QVERIFY2(whoami.out.contains("admin") && whoami.out.contains("system:masters"),
                 whoami.out.constData());
        const ProcessResult wrong =
            run(words("auth whoami"),
                withToken->kubeconfigForToken(QStringLiteral("s3cr3t-admin-tokem")));
        QVERIFY2(wrong.err.contains("Unauthorized"), wrong.err.constData());
    }

    void ourWhoamiAgreesWithKubectls()
    {
        const ProcessResult theirs = run(words("auth whoami"));
        const ProcessResult ours = ourWhoami(cluster->adminKubeconfig());
        QVERIFY2(ours.exitCode == 0, ours.err.constData());
        for (const QByteArray &line : theirs.out.split('\n')) {
            if (line.startsWith("Username")) // the same user, whoever the admin kubeconfig is for
                QVERIFY2(ours.out.contains(line.mid(8).trimmed()), ours.out.constData());
        }
        QVERIFY2(ours.out.contains("Server    https://"), ours.out.constData());
        QVERIFY2(!ours.out.contains("Missing"), ours.out.constData());
    }

    // Each kind's field labels, and the API server's words for one it has not, in a list and
    // in a watch alike.
    void fieldSelectorsAreEachKindsOwn()
    {
        for (const char *accepted :
             {"get secrets -n kube-system --field-selector type=bootstrap.kubernetes.io/token",
              "get csr --field-selector spec.signerName=kubernetes.io/kube-apiserver-client",
              "get nodes --field-selector spec.unschedulable=false",
              "get configmaps -A --field-selector metadata.namespace=kube-public"}) {
            const ProcessResult result = run(words(accepted));
            QVERIFY2(result.exitCode == 0, qPrintable(QLatin1String(accepted) + QLatin1Char('\n')
                                                      + QString::fromUtf8(result.err)));
        }
        const ProcessResult active =
            run(words("get namespaces --field-selector status.phase=Active -o name"));
        QVERIFY2(active.out.contains("namespace/kube-system\n"), active.err.constData());
        const ProcessResult named =
            run(words("get namespaces --field-selector metadata.name=kube-public -o name"));
        QCOMPARE(named.out, QByteArray("namespace/kube-public\n"));

        const std::pair<const char *, const char *> refused[] = {
            {"get csr --field-selector metadata.namespace=x",
             "field label not supported: metadata.namespace"},
            {"get secrets -A --field-selector spec.type=x", "field label not supported: spec.type"},
            {"get configmaps -A --field-selector type=x",
             "\"type\" is not a known field selector: only \"metadata.name\", "
             "\"metadata.namespace\""},
            {"get --raw /api/v1/configmaps?watch=1&fieldSelector=data.x%3Dy",
             "\"data.x\" is not a known field selector"},
        };
        for (const auto &[command, words_] : refused) {
            const ProcessResult result = run(words(command));
            QVERIFY2(result.exitCode != 0 && result.err.contains(words_),
                     qPrintable(QLatin1String(command) + QLatin1Char('\n')
                                + QString::fromUtf8(result.err)));
        }
    }

    void severalImpersonatedGroupsAreSentApart()
    {
        // as-groups: [ops, dev] must reach the server as two groups, not one named "ops,dev".
        QByteArray config = kubestrap::test::readFile(cluster->adminKubeconfig());
        // The admin's user entry, whether its credentials are inline or in files.
        const QRegularExpression user(QStringLiteral("\n( *)user:\n( +)"));
        const QString edited = QString::fromUtf8(config).replace(
            user, QStringLiteral("\n\\1user:\n\\2as: dave\n\\2as-groups: [ops, dev]\n\\2"));
        QVERIFY2(edited.contains(QStringLiteral("as: dave")), config.constData());
        config = edited.toUtf8();
        const QString path = home.filePath(QStringLiteral("impersonating.yaml"));
        QVERIFY(kubestrap::test::writeFile(path, config));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        const ProcessResult theirs = run(words("auth whoami"), path);
        QVERIFY2(theirs.out.contains("[ops dev system:authenticated]"), theirs.out.constData());
        const ProcessResult ours = ourWhoami(path);
        QVERIFY2(ours.out.contains("Username  dave\n")
                     && ours.out.contains("Groups    ops, dev, system:authenticated\n"),
                 ours.out.constData());
    }

    void whoamiFallsBackOnServersWithoutSelfSubjectReview()
    {
        QString error;
        // Kubernetes 1.27: only the beta SelfSubjectReview. kubectl and we both find it.
        auto beta = TestCluster::startSandbox(
            QStringLiteral(KUBESTRAP_SANDBOX), &error,
            {QStringLiteral("--disable-api"), QStringLiteral("authentication.k8s.io/v1"),
             QStringLiteral("--disable-api"), QStringLiteral("certificates.k8s.io/v1")});
        QVERIFY2(beta, qPrintable(error));
        QVERIFY2(
            run(words("auth whoami"), beta->adminKubeconfig()).out.contains("kubernetes-admin"),
            "kubectl found no SelfSubjectReview");
        ProcessResult ours = ourWhoami(beta->adminKubeconfig());
        QVERIFY2(ours.out.contains("Username  kubernetes-admin\n"), ours.out.constData());
        // What the server does not serve is named, with what it takes away.
        QVERIFY2(ours.out.contains("Missing   certificates.k8s.io/v1: no certificate requests\n"),
                 ours.out.constData());

        // Before 1.26 there is none: kubectl gives up, we say what the credential claims and
        // that the server accepts it (its rules).
        auto old = TestCluster::startSandbox(
            QStringLiteral(KUBESTRAP_SANDBOX), &error,
            {QStringLiteral("--disable-api"), QStringLiteral("authentication.k8s.io/v1"),
             QStringLiteral("--disable-api"), QStringLiteral("authentication.k8s.io/v1beta1"),
             QStringLiteral("--disable-api"), QStringLiteral("authentication.k8s.io/v1alpha1")});
        QVERIFY2(old, qPrintable(error));
        const ProcessResult theirs = run(words("auth whoami"), old->adminKubeconfig());
        QVERIFY2(theirs.exitCode != 0 && theirs.err.contains("not enabled"),
                 theirs.err.constData());
        ours = ourWhoami(old->adminKubeconfig());
        QVERIFY2(ours.exitCode == 0, ours.err.constData());
        QVERIFY2(ours.out.contains("Username  kubernetes-admin (from the client certificate's "
                                   "subject; the server has no SelfSubjectReview API)\n"),
                 ours.out.constData());
        QVERIFY2(ours.out.contains("Groups    system:masters\n"), ours.out.constData());
        QVERIFY2(ours.out.contains(" in namespace default (SelfSubjectRulesReview)\n"),
                 ours.out.constData());

        // A credential the server refuses is an error, not a guess.
        const ProcessResult refused =
            ourWhoami(old->kubeconfigForToken(QStringLiteral("abcdef.0123456789abcdef")));
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("Unauthorized: the server did not accept the credential"),
                 refused.err.constData());
    }

    void impersonationNeedsPermission()
    {
        const QString erin = cluster->kubeconfigFor(QStringLiteral("erin"), {});
        const ProcessResult result = run({QStringLiteral("get"), QStringLiteral("secrets"),
                                          QStringLiteral("-n"), ns, QStringLiteral("--as=carol")},
                                         erin);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("users \"carol\" is forbidden: User \"erin\" cannot "
                                     "impersonate resource \"users\" in API "
                                     "group \"\" at the cluster scope"),
                 result.err.constData());
    }

    void otherUsersAreForbiddenWithTheServersWords()
    {
        const QString frank =
            cluster->kubeconfigFor(QStringLiteral("frank"), {QStringLiteral("dev")});
        ProcessResult result = run(
            {QStringLiteral("get"), QStringLiteral("secrets"), QStringLiteral("-n"), ns}, frank);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(
                     QStringLiteral(
                         "secrets is forbidden: User \"frank\" cannot list resource \"secrets\" in "
                         "API group \"\" in the namespace \"%1\"")
                         .arg(ns)
                         .toUtf8()),
                 result.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestSandboxWithKubectl)
#include "test_sandbox_with_kubectl.moc"
