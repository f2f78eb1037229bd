#include "test_cluster.h"
#include "version.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int code;
    QString out;
    QString err;
};

// Starts a program with no display at all, as on a server or in CI.
Run runWithoutDisplay(const QString &program, const QStringList &args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(name));
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    if (!process.waitForFinished(30000))
        return {-1, {}, QStringLiteral("did not finish")};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

const QString kGui = QStringLiteral(KUBESTRAP_GUI);
const QString kCli = QStringLiteral(KUBESTRAP_CLI);
const QString kSandbox = QStringLiteral(KUBESTRAP_SANDBOX);

} // namespace

class TestProgramOptions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyProgramPrintsItsVersionWithoutADisplay_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("name");
        QTest::newRow("gui") << kGui << QStringLiteral("kubestrap");
        QTest::newRow("cli") << kCli << QStringLiteral("kubestrap-cli");
        QTest::newRow("sandbox") << kSandbox << QStringLiteral("kubestrap-sandbox");
    }

    void everyProgramPrintsItsVersionWithoutADisplay()
    {
        QFETCH(QString, program);
        QFETCH(QString, name);
        const Run run = runWithoutDisplay(program, {QStringLiteral("--version")});
        QCOMPARE(run.code, 0);
        QCOMPARE(run.out.trimmed(),
                 QStringLiteral("%1 %2").arg(name, QLatin1String(kubestrap::kVersion)));
    }

    void theGuiAndTheCliKeepTheirMemoryOutOfCoreDumps_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("gui") << kGui << QStringList();
        // Waiting on a server that never answers: long enough to look at.
        QTest::newRow("cli") << kCli << QStringList{QStringLiteral("whoami")};
    }

    void theGuiAndTheCliKeepTheirMemoryOutOfCoreDumps()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, arguments);
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QTemporaryDir home;
        QVERIFY(QDir(home.path()).mkpath(QStringLiteral(".kube")));
        QFile config(home.filePath(QStringLiteral(".kube/config")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: c\n"
                     "  cluster:\n    server: http://127.0.0.1:"
                     + QByteArray::number(silent.serverPort())
                     + "\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n"
                       "users:\n- name: u\n  user:\n    token: secret-token\n");
        config.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.remove(QStringLiteral("KUBESTRAP_ALLOW_CORE_DUMPS"));
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(program, arguments);
        QVERIFY(process.waitForStarted());
        const QString limits = QStringLiteral("/proc/%1/limits").arg(process.processId());
        QByteArray coreLine;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QFile file(limits);
                if (!file.open(QIODevice::ReadOnly))
                    return false;
                for (const QByteArray &line : file.readAll().split('\n')) {
                    if (line.startsWith("Max core file size"))
                        coreLine = line.simplified();
                }
                return coreLine == "Max core file size 0 0 bytes";
            }(),
            5000);
        process.kill();
        process.waitForFinished();
    }

    void guiHelpDescribesItsOptions()
    {
        const Run run = runWithoutDisplay(kGui, {QStringLiteral("--help")});
        QCOMPARE(run.code, 0);
        QVERIFY2(run.out.contains(QStringLiteral("--kubeconfig <file>")), qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("--version")));
    }

    void guiWithoutDisplaySaysHowToRunIt()
    {
        const Run run = runWithoutDisplay(kGui, {});
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains(QStringLiteral("no display found")), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("xvfb-run -a kubestrap")), qPrintable(run.err));
    }

    void guiRendersEveryPanelForScreenshots()
    {
        QString error;
        const auto cluster =
            kubestrap::test::TestCluster::start(kSandbox, &error, {QStringLiteral("--demo")});
        QVERIFY2(cluster, qPrintable(error));
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("HOME"), home.path()); // its own settings, not the user's
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        QProcess gui;
        gui.setProcessEnvironment(env);
        const QString shots = home.filePath(QStringLiteral("shots"));
        gui.start(kGui, {QStringLiteral("--kubeconfig"), cluster->adminKubeconfig(),
                         QStringLiteral("--screenshot"), shots});
        QVERIFY(gui.waitForFinished(60000));
        QVERIFY2(gui.exitCode() == 0, gui.readAllStandardError().constData());
        for (const char *panel :
             {"overview", "tokens", "clusterInfo", "rbac", "certificateRequests", "kubeconfigs"}) {
            const QImage image(QDir(shots).filePath(QLatin1String(panel) + QStringLiteral(".png")));
            QVERIFY2(!image.isNull() && image.width() >= 600, panel);
        }
    }

    void guiRejectsUnknownOptions()
    {
        const Run run = runWithoutDisplay(kGui, {QStringLiteral("--no-such-option")});
        QVERIFY(run.code != 0);
        QVERIFY2(run.err.contains(QStringLiteral("no-such-option")), qPrintable(run.err));
    }

    void sandboxHelpNamesItsContract()
    {
        const Run run = runWithoutDisplay(kSandbox, {QStringLiteral("--help")});
        QCOMPARE(run.code, 0);
        for (const char *option :
             {"--port <port>", "--state <dir>", "--write-kubeconfig <file>", "--demo",
              "--user <name>", "--controllers <list>", "--admin-token-file <file>"})
            QVERIFY2(run.out.contains(QLatin1String(option)), option);
    }
};

QTEST_GUILESS_MAIN(TestProgramOptions)
#include "test_program_options.moc"
