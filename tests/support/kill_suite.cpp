#include "kill_suite.h"

#include "atomic_file.h"
#include "kubeconfig_loader.h"
#include "large_kubeconfig.h"
#include "test_files.h"

#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>

namespace kubestrap::test {

bool KillReport::clean() const
{
    return error.isEmpty() && torn == 0 && oldOrNew == kills && loadedHere == kills
           && loadedByKubectl == kubectlRuns && backupsWhole == kills && temporariesAtEnd == 0;
}

QString KillReport::summary() const
{
    return QStringLiteral("%1 kills: %2 old or new, %3 torn; loaded by Kubestrap %4, by kubectl "
                          "%5 of %6; backups whole %7; a temporary left by %8 kills, %9 left "
                          "after the next write")
        .arg(kills)
        .arg(oldOrNew)
        .arg(torn)
        .arg(loadedHere)
        .arg(loadedByKubectl)
        .arg(kubectlRuns)
        .arg(backupsWhole)
        .arg(temporariesSeen)
        .arg(temporariesAtEnd);
}

KillReport runKillSuite(const QString &writer, const QString &kubectl, int kills, int contexts)
{
    KillReport report;
    QTemporaryDir dir;
    const QByteArray versionA = largeKubeconfig(contexts);
    QByteArray versionB = versionA;
    versionB.replace("current-context: ctx-0\n", "current-context: ctx-1\n");
    const QString fileA = dir.filePath(QStringLiteral("a.yaml"));
    const QString fileB = dir.filePath(QStringLiteral("b.yaml"));
    const QString target = dir.filePath(QStringLiteral("kube/config"));
    if (!writeFile(fileA, versionA) || !writeFile(fileB, versionB)
        || !QDir().mkpath(dir.filePath(QStringLiteral("kube")))
        || !writeFileAtomically(target, versionA)) {
        report.error = QStringLiteral("cannot set up ") + dir.path();
        return report;
    }
    const auto temporaries = [&dir] {
        return QDir(dir.filePath(QStringLiteral("kube")))
            .entryList({QStringLiteral("*.tmp")}, QDir::Files | QDir::Hidden)
            .size();
    };
    const auto whole = [&](const QByteArray &bytes) {
        return bytes == versionA || bytes == versionB;
    };
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("KUBECONFIG"), target);
    environment.insert(QStringLiteral("HOME"), dir.path());

    for (int kill = 0; kill < kills; ++kill) {
        QProcess process;
        process.start(writer, {target, fileA, fileB});
        if (!process.waitForStarted()) {
            report.error = QStringLiteral("cannot start ") + writer;
            return report;
        }
        // Somewhere in its loop: start-up takes a few milliseconds, a write of this size a few.
        QThread::usleep(2000 + QRandomGenerator::global()->bounded(30000));
        ::kill(pid_t(process.processId()), SIGKILL);
        process.waitForFinished();
        ++report.kills;
        report.temporariesSeen += temporaries() > 0 ? 1 : 0;

        const QByteArray held = readFile(target);
        if (whole(held))
            ++report.oldOrNew;
        else
            ++report.torn;
        if (loadKubeconfigFile(target))
            ++report.loadedHere;
        const QByteArray backup = readFile(target + QStringLiteral(".bak"));
        if (!QFile::exists(target + QStringLiteral(".bak")) || whole(backup))
            ++report.backupsWhole;
        if (!kubectl.isEmpty()) {
            ++report.kubectlRuns;
            QProcess view;
            view.setProcessEnvironment(environment);
            view.start(kubectl,
                       {QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("-o"),
                        QStringLiteral("jsonpath={.current-context}")});
            view.waitForFinished(60000);
            const QByteArray named = view.readAllStandardOutput();
            if (view.exitCode() == 0
                && named == (held == versionB ? QByteArray("ctx-1") : QByteArray("ctx-0")))
                ++report.loadedByKubectl;
        }
    }
    // The next write of the file clears what the dead writers left.
    if (!writeFileAtomically(target, versionA))
        report.error = QStringLiteral("the last write failed");
    report.temporariesAtEnd = int(temporaries());
    return report;
}

} // namespace kubestrap::test
