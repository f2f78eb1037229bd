#include "test_cluster.h"

#include "test_files.h"
#include "x509.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QUrl>

namespace kubestrap::test {

namespace {

// A kubeconfig for the test cluster with `credentials`, the body of its one user.
QByteArray kubeconfig(const QString &server, const QByteArray &ca, const QString &user,
                      const QByteArray &credentials)
{
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster: {server: "
           + server.toUtf8() + ", certificate-authority-data: " + ca.toBase64()
           + "}\nusers:\n- name: " + user.toUtf8() + "\n  user: " + credentials
           + "\ncontexts:\n- name: test\n  context: {cluster: test, user: " + user.toUtf8()
           + "}\ncurrent-context: test\n";
}

} // namespace

std::unique_ptr<TestCluster> TestCluster::start(const QString &sandboxProgram, QString *error,
                                                const QStringList &sandboxArguments)
{
    std::unique_ptr<TestCluster> cluster(new TestCluster);
    const QString external = qEnvironmentVariable("KUBESTRAP_TEST_KUBECONFIG");
    if (!external.isEmpty()) {
        cluster->admin = external;
        return cluster;
    }
    cluster->admin = cluster->dir.filePath(QStringLiteral("admin.kubeconfig"));
    cluster->program = sandboxProgram;
    cluster->arguments =
        QStringList{QStringLiteral("--state"), cluster->dir.filePath(QStringLiteral("state")),
                    QStringLiteral("--write-kubeconfig"), cluster->admin}
        + sandboxArguments;
    if (!cluster->launch(cluster->arguments, error))
        return nullptr;
    return cluster;
}

bool TestCluster::launch(const QStringList &launchArguments, QString *error)
{
    process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->start(program, launchArguments);
    // The sandbox prints its address once it serves; the kubeconfig is written before that.
    const QRegularExpression serving(QStringLiteral("serving on (https://\\S+)"));
    QDeadlineTimer deadline(30000);
    QByteArray output;
    while (!deadline.hasExpired() && process->state() != QProcess::NotRunning) {
        process->waitForReadyRead(200);
        output += process->readAllStandardOutput();
        if (const auto match = serving.match(QString::fromUtf8(output)); match.hasMatch()) {
            serverUrl = match.captured(1);
            return true;
        }
    }
    if (error)
        *error = QStringLiteral("kubestrap-sandbox did not start: %1")
                     .arg(QString::fromUtf8(process->readAllStandardError()));
    return false;
}

bool TestCluster::restart(QString *error,
                          const std::function<void(const QString &stateFile)> &whileStopped)
{
    if (!isSandbox())
        return false;
    process->terminate();
    if (!process->waitForFinished(10000)) {
        process->kill();
        process->waitForFinished();
    }
    if (whileStopped)
        whileStopped(dir.filePath(QStringLiteral("state/objects.json")));
    return launch(
        arguments + QStringList{QStringLiteral("--port"), QString::number(QUrl(serverUrl).port())},
        error);
}

TestCluster::~TestCluster()
{
    if (process && process->state() != QProcess::NotRunning) {
        process->terminate(); // SIGTERM: the sandbox stops cleanly
        if (!process->waitForFinished(10000))
            process->kill();
    }
}

QString TestCluster::kubeconfigFor(const QString &user, const QStringList &groups) const
{
    if (!isSandbox())
        return {};
    const QByteArray ca = readFile(dir.filePath(QStringLiteral("state/pki/ca.crt")));
    const QByteArray caKey = readFile(dir.filePath(QStringLiteral("state/pki/ca.key")));
    const auto key = x509::generatePrivateKey();
    x509::CertificateProfile profile;
    profile.commonName = user;
    profile.organizations = groups;
    profile.clientAuth = true;
    const auto certificate =
        key ? x509::issue(*key, profile, ca, caKey) : Result<QByteArray>(fail(QString()));
    if (!certificate)
        return {};
    const QString path = dir.filePath(user + QStringLiteral(".kubeconfig"));
    writeFile(path, kubeconfig(serverUrl, ca, user,
                               "{client-certificate-data: " + certificate->toBase64()
                                   + ", client-key-data: " + key->toBase64() + "}"));
    return path;
}

QString TestCluster::kubeconfigForToken(const QString &token) const
{
    if (!isSandbox())
        return {};
    const QString path = dir.filePath(
        QStringLiteral("token-%1.kubeconfig").arg(token.section(QLatin1Char('.'), 0, 0)));
    writeFile(path,
              kubeconfig(serverUrl, readFile(dir.filePath(QStringLiteral("state/pki/ca.crt"))),
                         QStringLiteral("token"), "{token: \"" + token.toUtf8() + "\"}"));
    return path;
}

} // namespace kubestrap::test
