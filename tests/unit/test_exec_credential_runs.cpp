#include "exec_credential.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;

namespace {

// A plugin that says what a login flow says on standard error, then waits for ever.
const QByteArray kWaitsForLogin =
    "#!/bin/sh\n"
    "echo 'To sign in, open https://login.example/device and enter the code ABCD-1234' >&2\n"
    "exec sleep 60\n";

const QByteArray kAnswers =
    "#!/bin/sh\n"
    "echo working >&2\n"
    "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
    "\"status\":{\"token\":\"t\"}}'\n";

} // namespace

// How the plugin's run is watched over: what it says while it runs, how long it may take, and
// how a user stops it. The plugins are shell scripts; no cluster is needed.
class TestExecCredentialRuns : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

    QString plugin(const char *name, const QByteArray &script)
    {
        const QString path = dir.filePath(QLatin1String(name));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(script) != script.size())
            return {};
        file.close();
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }

    static ExecConfig config(const QString &command)
    {
        ExecConfig exec;
        exec.command = command;
        exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
        return exec;
    }

    // Asks for a credential and waits for the answer (or `timeoutMs`).
    static std::optional<Result<ExecCredential>> ask(ExecCredentialProvider &provider,
                                                     int timeoutMs = 10000)
    {
        std::optional<Result<ExecCredential>> answer;
        provider.credential([&answer](const Result<ExecCredential> &result) { answer = result; });
        (void)QTest::qWaitFor([&answer] { return answer.has_value(); }, timeoutMs);
        return answer;
    }

private Q_SLOTS:
    void aPluginThatHangsIsStoppedAtItsTimeout()
    {
        ExecCredentialProvider provider(config(plugin("hangs.sh", kWaitsForLogin)), {}, {});
        provider.setTimeout(std::chrono::milliseconds(1500));
        QElapsedTimer took;
        took.start();
        const auto answer = ask(provider);
        QVERIFY(answer && !*answer);
        QVERIFY2(took.elapsed() < 5000, qPrintable(QString::number(took.elapsed())));
        QVERIFY2(answer->error().message.contains(QLatin1String("did not answer within 1 s")),
                 qPrintable(answer->error().message));
        QVERIFY(!provider.isRunning());
    }

    void whatItSaysIsShownLiveAndItCanBeCancelled()
    {
        ExecCredentialProvider provider(config(plugin("login.sh", kWaitsForLogin)), {}, {});
        QSignalSpy slow(&provider, &ExecCredentialProvider::stillRunning);
        QSignalSpy said(&provider, &ExecCredentialProvider::saidMore);
        QSignalSpy ended(&provider, &ExecCredentialProvider::runEnded);
        std::optional<Result<ExecCredential>> answer;
        provider.credential([&answer](const Result<ExecCredential> &result) { answer = result; });
        QTRY_VERIFY_WITH_TIMEOUT(!said.isEmpty(), 5000);
        QVERIFY(provider.saidSoFar().contains(QLatin1String("ABCD-1234")));
        QVERIFY(!answer); // still waiting for the login
        QTRY_COMPARE_WITH_TIMEOUT(slow.size(), 1, 5000);
        QVERIFY(provider.isRunning());
        provider.cancel();
        QVERIFY(answer && !*answer);
        QCOMPARE(answer->error().detail, QStringLiteral("Cancelled"));
        QCOMPARE(ended.size(), 1);
        QVERIFY(!provider.isRunning());
        // The next request runs it again.
        provider.credential([](const Result<ExecCredential> &) {});
        QVERIFY(provider.isRunning());
        QCOMPARE(provider.runs(), 2);
        provider.cancel();
    }

    void aQuickPluginIsNotReportedAsWaiting()
    {
        ExecCredentialProvider provider(config(plugin("quick.sh", kAnswers)), {}, {});
        QSignalSpy slow(&provider, &ExecCredentialProvider::stillRunning);
        const auto answer = ask(provider);
        QVERIFY(answer && *answer);
        QCOMPARE((*answer)->token, QByteArray("t"));
        QTest::qWait(int(ExecCredentialProvider::kSlowAfter.count()) + 200);
        QCOMPARE(slow.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestExecCredentialRuns)
#include "test_exec_credential_runs.moc"
