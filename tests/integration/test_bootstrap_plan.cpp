#include "bootstrap_plan.h"
#include "kubectl.h"
#include "test_cluster.h"
#include "test_files.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::TestCluster;

// The plan's two renderings, each run by kubectl against an empty sandbox: what lands on the
// server must be the plan's objects, field for field.
class TestBootstrapPlan : public QObject {
    Q_OBJECT

private:
    QString kubectl;
    QTemporaryDir dir;

    // The whole plan, with this run's token. On a real cluster, whatever of it is there already
    // is removed first (and put back at the end), so that the plan lands on an empty place.
    std::vector<PlannedObject> plan(TestCluster &cluster)
    {
        BootstrapOptions options;
        options.server = cluster.url();
        options.certificateAuthority = cluster.caCertificate();
        options.token = *BootstrapToken::parse(TestCluster::uniqueTokenId('p')
                                               + QStringLiteral(".0123456789abcdef"));
        options.token.usages = {QStringLiteral("signing"), QStringLiteral("authentication")};
        options.groups = {QLatin1String(BootstrapToken::kDefaultGroup),
                          QStringLiteral("system:bootstrappers:rack-7")};
        options.token.extraGroups = options.groups;
        options.token.description = QStringLiteral("it's rack 7's");
        for (const BootstrapPart part : allBootstrapParts())
            options.parts.insert(part);
        auto objects = planBootstrap(options);
        if (!objects)
            qWarning("%s", qPrintable(objects.error().message));
        if (!objects)
            return {};
        for (const PlannedObject &planned : *objects) {
            if (!cluster.removeUntilEnd(planned.path))
                return {};
        }
        return *objects;
    }

    // Every planned object as the server now holds it, compared on what the plan sets.
    void serverHolds(const TestCluster &cluster, const std::vector<PlannedObject> &objects)
    {
        for (const PlannedObject &planned : objects) {
            QStringList args{QStringLiteral("get"), planned.kind().toLower(), planned.name(),
                             QStringLiteral("-o"), QStringLiteral("json")};
            if (!planned.namespaceName().isEmpty())
                args << QStringLiteral("-n") << planned.namespaceName();
            const auto result = test::runProcess(
                kubectl, args, dir.path(),
                test::kubeconfigEnvironment(dir.path(), cluster.adminKubeconfig()));
            QVERIFY2(result.exitCode == 0, result.err.constData());
            QJsonObject held = QJsonDocument::fromJson(result.out).object();
            // A cluster's own BootstrapSigner may have signed cluster-info meanwhile.
            QJsonObject data = held.value(QStringLiteral("data")).toObject();
            for (const QString &key : data.keys()) {
                if (key.startsWith(QLatin1String("jws-kubeconfig-")))
                    data.remove(key);
            }
            if (!data.isEmpty())
                held.insert(QStringLiteral("data"), data);
            for (const QString &field :
                 {QStringLiteral("data"), QStringLiteral("type"), QStringLiteral("rules"),
                  QStringLiteral("roleRef"), QStringLiteral("subjects")}) {
                QVERIFY2(held.value(field) == planned.object.value(field),
                         qPrintable(planned.displayName() + QLatin1Char(' ') + field));
            }
        }
    }

    // Without the signer where it can be, so that cluster-info stays as the plan wrote it.
    static std::unique_ptr<TestCluster> emptySandbox()
    {
        QString error;
        auto cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                          {QStringLiteral("--controllers=-bootstrapsigner")});
        if (!cluster)
            qWarning("%s", qPrintable(error));
        return cluster;
    }

private Q_SLOTS:
    void initTestCase()
    {
        kubectl = test::findKubectl();
        if (kubectl.isEmpty())
            QSKIP("kubectl is not installed: it runs the plan");
        // The script calls `kubectl`: this one, first on PATH.
        QVERIFY(QFile::link(kubectl, dir.filePath(QStringLiteral("kubectl"))));
    }

    void theScriptCreatesThePlan()
    {
        const auto cluster = emptySandbox();
        QVERIFY(cluster);
        const auto objects = plan(*cluster);
        QCOMPARE(objects.size(), size_t(9));
        const QString script = dir.filePath(QStringLiteral("bootstrap.sh"));
        QVERIFY(test::writeFile(script, renderKubectlScript(objects).toUtf8()));
        QProcessEnvironment env =
            test::kubeconfigEnvironment(dir.path(), cluster->adminKubeconfig());
        env.insert(QStringLiteral("PATH"),
                   dir.path() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
        const auto ran = test::runProcess(QStringLiteral("sh"), {script}, dir.path(), env);
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        serverHolds(*cluster, objects);
    }

    void theActivityDocksCommandsCreateThePlan()
    {
        // What the bootstrap wizard logs: one command per object, the token's secret left to
        // $TOKEN_SECRET, which the user sets before pasting.
        const auto cluster = emptySandbox();
        QVERIFY(cluster);
        const auto objects = plan(*cluster);
        QStringList commands;
        for (const PlannedObject &planned : objects)
            commands << kubectlCommandWithoutSecrets(planned);
        const QString pasted = commands.join(QLatin1Char('\n'));
        QVERIFY(!pasted.contains(QStringLiteral("0123456789abcdef")));

        auto ran = test::runInShell(pasted, cluster->adminKubeconfig());
        QVERIFY(ran.exitCode != 0);
        QVERIFY2(ran.err.contains("set TOKEN_SECRET to the secret of the token"),
                 ran.err.constData());
        QProcessEnvironment secret;
        secret.insert(QStringLiteral("TOKEN_SECRET"), QStringLiteral("0123456789abcdef"));
        ran = test::runInShell(pasted, cluster->adminKubeconfig(), secret);
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        serverHolds(*cluster, objects);
    }

    void theBundleCreatesThePlan()
    {
        const auto cluster = emptySandbox();
        QVERIFY(cluster);
        const auto objects = plan(*cluster);
        const QString bundle = dir.filePath(QStringLiteral("bundle.yaml"));
        QVERIFY(test::writeFile(bundle, renderBundle(objects)));
        const auto created = test::runProcess(
            kubectl, {QStringLiteral("create"), QStringLiteral("-f"), bundle}, dir.path(),
            test::kubeconfigEnvironment(dir.path(), cluster->adminKubeconfig()));
        QVERIFY2(created.exitCode == 0, created.err.constData());
        serverHolds(*cluster, objects);
    }
};

QTEST_GUILESS_MAIN(TestBootstrapPlan)
#include "test_bootstrap_plan.moc"
