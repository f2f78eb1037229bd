#include "kubectl.h"

#include <QCollator>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTemporaryFile>

namespace kubestrap::test {

QString findKubectl()
{
    const QString configured = qEnvironmentVariable("KUBESTRAP_KUBECTL");
    if (!configured.isEmpty())
        return configured;
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    if (onPath.isEmpty())
        return {};
    const QDir folder = QFileInfo(QFileInfo(onPath).canonicalFilePath()).absoluteDir();
    QStringList versioned =
        folder.entryList({QStringLiteral("kubectl.1.*")}, QDir::Files | QDir::Executable);
    if (versioned.isEmpty())
        return onPath;
    QCollator collator;
    collator.setNumericMode(true);
    std::sort(versioned.begin(), versioned.end(), collator);
    return folder.filePath(versioned.last());
}

QProcessEnvironment kubeconfigEnvironment(const QString &home, const QString &kubeconfig)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("KUBECONFIG"), kubeconfig);
    return env;
}

ProcessResult runProcess(const QString &program, const QStringList &arguments,
                         const QString &workingDirectory, const QProcessEnvironment &environment,
                         std::chrono::milliseconds timeout)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.setWorkingDirectory(workingDirectory);
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start();
    if (!process.waitForFinished(int(timeout.count()))) {
        process.kill();
        process.waitForFinished();
        return {-1, process.readAllStandardOutput(), "timed out"};
    }
    const int code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return {code, process.readAllStandardOutput(), process.readAllStandardError()};
}

ProcessResult runInShell(const QString &commands, const QString &kubeconfig,
                         const QProcessEnvironment &extra)
{
    const QString kubectl = findKubectl();
    QTemporaryDir home;
    const QString bin = home.filePath(QStringLiteral("bin"));
    if (kubectl.isEmpty() || !QDir().mkpath(bin)
        || !QFile::link(kubectl, bin + QStringLiteral("/kubectl")))
        return {-1, {}, "no kubectl"};
    QProcessEnvironment environment = kubeconfigEnvironment(home.path(), kubeconfig);
    environment.insert(QStringLiteral("PATH"),
                       bin + QLatin1Char(':') + environment.value(QStringLiteral("PATH")));
    for (const QString &name : extra.keys())
        environment.insert(name, extra.value(name));
    return runProcess(QStringLiteral("bash"), {QStringLiteral("-euc"), commands}, home.path(),
                      environment);
}

ProcessResult runMeasured(const QString &program, const QStringList &arguments,
                          const QString &workingDirectory, const QProcessEnvironment &environment,
                          std::chrono::milliseconds timeout)
{
    const QString time = QStringLiteral("/usr/bin/time");
    if (!QFileInfo(time).isExecutable())
        return runProcess(program, arguments, workingDirectory, environment, timeout);
    QTemporaryFile report;
    if (!report.open())
        return runProcess(program, arguments, workingDirectory, environment, timeout);
    ProcessResult result =
        runProcess(time,
                   QStringList{QStringLiteral("--quiet"), QStringLiteral("--format=%M"),
                               QStringLiteral("--output=") + report.fileName(), program}
                       + arguments,
                   workingDirectory, environment, timeout);
    bool ok = false;
    const long peak = report.readAll().trimmed().toLong(&ok);
    result.peakKilobytes = ok ? peak : -1;
    return result;
}

} // namespace kubestrap::test
