#include "api_client.h"
#include "bootstrap_token.h"
#include "cluster_client.h"
#include "kubeconfig_loader.h"
#include "kubectl.h"
#include "test_cluster.h"
#include "test_files.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::TestCluster;

namespace {

// An exec plugin as a shell script: it counts its runs, keeps the KUBERNETES_EXEC_INFO it was
// given, and answers with the token in TOKEN_FILE, expiring at EXPIRES.
const QByteArray kPlugin = R"SH(#!/bin/sh
echo run >> "$COUNT_FILE"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$INFO_FILE"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$(cat "$TOKEN_FILE")" "$EXPIRES"
)SH";

} // namespace

// Exec credential plugins against the sandbox: run once and cached until expiry, run again after
// a 401, told about the cluster when asked, and a missing one named with its install hint.
class TestExecPlugin : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestCluster> cluster;
    // This run's tokens: the plugin hands out the first, then the second; the third is no one's.
    const QString first = TestCluster::uniqueTokenId('1');
    const QString second = TestCluster::uniqueTokenId('2');
    const QString unknown = TestCluster::uniqueTokenId('9');
    static QByteArray secretOf(const QString &id) { return id.toLatin1() + ".0123456789abcdef"; }
    std::unique_ptr<ApiClient> admin;
    QTemporaryDir dir;

    QString file(const char *name) const { return dir.filePath(QLatin1String(name)); }

    int runs() const { return int(test::readFile(file("count")).count('\n')); }

    void createToken(const QString &id)
    {
        auto token = BootstrapToken::parse(QString::fromLatin1(secretOf(id)));
        token->usages = {QStringLiteral("authentication")};
        cluster->deleteAtEnd(QStringLiteral("/api/v1/namespaces/kube-system/secrets/")
                             + token->secretName());
        bool done = false;
        admin->create(QStringLiteral("/api/v1/namespaces/kube-system/secrets"), token->toSecret(),
                      [&](const QJsonObject &, const ApiFailure *) { done = true; });
        QTRY_VERIFY(done);
    }

    std::unique_ptr<ApiClient> pluginClient(const QString &expires, const QString &command = {},
                                            const QByteArray &interactiveMode = "IfAvailable")
    {
        const QByteArray ca = cluster->caCertificate().toBase64();
        const QByteArray kubeconfig =
            "clusters:\n- name: c\n  cluster: {server: " + cluster->url().toUtf8()
            + ", certificate-authority-data: " + ca
            + "}\nusers:\n- name: u\n  user:\n    exec:\n      apiVersion: "
              "client.authentication.k8s.io/v1\n      command: "
            + (command.isEmpty() ? file("plugin.sh") : command).toUtf8()
            + "\n      installHint: install it from the vendor\n      provideClusterInfo: true\n   "
              "   interactiveMode: "
            + interactiveMode + "\n      env:\n"
            + "      - {name: COUNT_FILE, value: " + file("count").toUtf8() + "}\n"
            + "      - {name: INFO_FILE, value: " + file("info").toUtf8() + "}\n"
            + "      - {name: TOKEN_FILE, value: " + file("token").toUtf8() + "}\n"
            + "      - {name: EXPIRES, value: \"" + expires.toUtf8() + "\"}\n"
            + "contexts:\n- name: c\n  context: {cluster: c, user: u}\ncurrent-context: c\n";
        test::writeFile(file("kubeconfig"), kubeconfig);
        const auto loaded = loadKubeconfigFile(file("kubeconfig"));
        return std::make_unique<ApiClient>(
            *ClusterConnection::fromKubeconfig(loaded->config, QStringLiteral("c")));
    }

    QString whoami(ApiClient &client, QString *error = nullptr)
    {
        QString user;
        bool done = false;
        client.create(
            QStringLiteral("/apis/authentication.k8s.io/v1/selfsubjectreviews"),
            QJsonObject{{QStringLiteral("kind"), QStringLiteral("SelfSubjectReview")},
                        {QStringLiteral("apiVersion"), QStringLiteral("authentication.k8s.io/v1")}},
            [&](const QJsonObject &body, const ApiFailure *failure) {
                if (failure && error)
                    *error = failure->message;
                user = body.value(QStringLiteral("status"))
                           .toObject()
                           .value(QStringLiteral("userInfo"))
                           .toObject()
                           .value(QStringLiteral("username"))
                           .toString();
                done = true;
            });
        if (!QTest::qWaitFor([&] { return done; }, 30000))
            return {};
        return user;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        admin = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(admin, qPrintable(error));
        QVERIFY(test::writeFile(file("plugin.sh"), kPlugin));
        QVERIFY(QFile::setPermissions(file("plugin.sh"),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        createToken(first);
        createToken(second);
        // kube-apiserver knows new tokens a moment after they are made.
        for (const QString &id : {first, second}) {
            auto client =
                test::clientFor(cluster->kubeconfigForToken(QString::fromLatin1(secretOf(id))));
            QTRY_COMPARE_WITH_TIMEOUT(whoami(*client), QStringLiteral("system:bootstrap:") + id,
                                      10000);
        }
    }

    void runsOnceUntilExpiryAndTellsTheClusterItsName()
    {
        QVERIFY(test::writeFile(file("token"), secretOf(first)));
        QFile::remove(file("count"));
        auto client =
            pluginClient(QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate));
        QCOMPARE(whoami(*client), QStringLiteral("system:bootstrap:") + first);
        QCOMPARE(whoami(*client), QStringLiteral("system:bootstrap:") + first);
        QCOMPARE(runs(), 1);
        const QJsonObject info = QJsonDocument::fromJson(test::readFile(file("info"))).object();
        QCOMPARE(info.value(QStringLiteral("apiVersion")).toString(),
                 QStringLiteral("client.authentication.k8s.io/v1"));
        const QJsonObject spec = info.value(QStringLiteral("spec")).toObject();
        QCOMPARE(spec.value(QStringLiteral("interactive")).toBool(true), false);
        QCOMPARE(spec.value(QStringLiteral("cluster"))
                     .toObject()
                     .value(QStringLiteral("server"))
                     .toString(),
                 cluster->url());
    }

    void anExpiredCredentialIsFetchedAgain()
    {
        QVERIFY(test::writeFile(file("token"), secretOf(first)));
        QFile::remove(file("count"));
        auto client =
            pluginClient(QDateTime::currentDateTimeUtc().addSecs(-5).toString(Qt::ISODate));
        whoami(*client);
        whoami(*client);
        QCOMPARE(runs(), 2);
    }

    void aRejectedCredentialIsFetchedAgainOnce()
    {
        QVERIFY(test::writeFile(file("token"),
                                unknown.toLatin1() + ".0000000000000000")); // no such token
        QFile::remove(file("count"));
        auto client =
            pluginClient(QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate));
        QString error;
        QCOMPARE(whoami(*client, &error), QString());
        QVERIFY2(error.contains(QStringLiteral("Unauthorized")), qPrintable(error));
        QCOMPARE(runs(), 2); // the 401 made it ask the plugin again, once
        QVERIFY(test::writeFile(file("token"), secretOf(second))); // the plugin renews
        QCOMPARE(whoami(*client), QStringLiteral("system:bootstrap:") + second);
    }

    void aTerminalIsLentOnlyWhenThereIsOne()
    {
        QVERIFY(test::writeFile(file("token"), secretOf(first)));
        const QString expires = QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate);
        const auto interactive = [&] {
            return QJsonDocument::fromJson(test::readFile(file("info")))
                .object()
                .value(QStringLiteral("spec"))
                .toObject()
                .value(QStringLiteral("interactive"))
                .toBool();
        };
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), file("kubeconfig"));
        const QString cli = QStringLiteral(KUBESTRAP_CLI);
        // `script` gives kubestrap-cli a terminal of its own, as a user's shell would.
        const auto onTerminal = [&] {
            return test::runProcess(QStringLiteral("script"),
                                    {QStringLiteral("-qec"), cli + QStringLiteral(" whoami"),
                                     QStringLiteral("/dev/null")},
                                    dir.path(), env);
        };
        if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty())
            QSKIP("needs script(1) for a terminal");

        pluginClient(expires);
        QFile::remove(file("info"));
        QCOMPARE(test::runProcess(cli, {QStringLiteral("whoami")}, dir.path(), env).exitCode, 0);
        QCOMPARE(interactive(), false); // no terminal
        QFile::remove(file("info"));
        const auto run = onTerminal();
        QVERIFY2(run.exitCode == 0, run.out.constData());
        QCOMPARE(interactive(), true);

        pluginClient(expires, {}, "Never");
        QFile::remove(file("info"));
        QCOMPARE(onTerminal().exitCode, 0);
        QCOMPARE(interactive(), false);

        pluginClient(expires, {}, "Always");
        QCOMPARE(onTerminal().exitCode, 0);
        const auto refused = test::runProcess(cli, {QStringLiteral("whoami")}, dir.path(), env);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("needs a terminal (interactiveMode: Always)"),
                 refused.err.constData());
    }

    void watchesGetTheirOwnCredentialAndRenewItAfterA401()
    {
        QVERIFY(test::writeFile(file("token"), unknown.toLatin1() + ".0000000000000000"));
        QFile::remove(file("count"));
        auto client =
            pluginClient(QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate));
        const auto watchOnce = [&] {
            std::optional<ApiFailure> failure;
            bool ended = false;
            client->watch(
                QStringLiteral("/api/v1/namespaces/kube-public/configmaps"), QStringLiteral("0"),
                [](const std::vector<ApiClient::WatchEvent> &) {},
                [&](const ApiFailure *failed) {
                    if (failed)
                        failure = *failed;
                    ended = true;
                },
                std::chrono::seconds(1));
            if (!QTest::qWaitFor([&] { return ended; }, 20000))
                qWarning("the watch never ended");
            return failure;
        };
        // No list ran first: the watch runs the plugin itself.
        auto failure = watchOnce();
        QCOMPARE(runs(), 1);
        QVERIFY(failure);
        QCOMPARE(failure->kind, ApiFailure::Kind::Unauthorized);
        // The 401 made the credential stale, an hour before its expiry: the plugin runs again.
        QVERIFY(test::writeFile(file("token"), secretOf(first)));
        failure = watchOnce();
        QCOMPARE(runs(), 2);
        QVERIFY2(!failure || failure->kind != ApiFailure::Kind::Unauthorized,
                 qPrintable(failure->message));
    }

    void aRelativeCommandIsFoundBesideItsKubeconfig()
    {
        // As client-go resolves it: from the kubeconfig's folder, not the current directory.
        QVERIFY(QDir::currentPath() != dir.path());
        QVERIFY(test::writeFile(file("token"), secretOf(first)));
        auto client =
            pluginClient(QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate),
                         QStringLiteral("./plugin.sh"));
        QCOMPARE(whoami(*client), QStringLiteral("system:bootstrap:") + first);
    }

    void aPluginThatCannotStartFailsAtOnceNamingIt()
    {
        // Executable, but no program the system can run (exec format error).
        QVERIFY(
            test::writeFile(file("not-a-program"), QByteArray("\x7f\x45\x4c\x46\x02garbage", 12)));
        QVERIFY(QFile::setPermissions(file("not-a-program"),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        pluginClient(QString(), file("not-a-program"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), file("kubeconfig"));
        QElapsedTimer took;
        took.start();
        const auto ran = test::runProcess(QStringLiteral(KUBESTRAP_CLI), {QStringLiteral("whoami")},
                                          dir.path(), env);
        QVERIFY2(took.elapsed() < 5000, qPrintable(QString::number(took.elapsed())));
        QCOMPARE(ran.exitCode, 1);
        QVERIFY2(ran.err.contains("the exec plugin '" + file("not-a-program").toUtf8()
                                  + "' could not be started"),
                 ran.err.constData());
        QVERIFY2(ran.err.contains("install it from the vendor"), ran.err.constData());
    }

    void aMissingPluginIsNamedWithItsInstallHint()
    {
        auto client = pluginClient(QString(), QStringLiteral("no-such-credential-helper"));
        QString error;
        whoami(*client, &error);
        QVERIFY2(error.contains(QStringLiteral(
                     "'no-such-credential-helper' is not installed: install it from the vendor")),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestExecPlugin)
#include "test_exec_plugin.moc"
