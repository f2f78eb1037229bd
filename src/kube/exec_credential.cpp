#include "exec_credential.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

#include <chrono>

namespace kubestrap {

ExecCredentialProvider::ExecCredentialProvider(ExecConfig exec, QString server,
                                               QByteArray certificateAuthorityData, QObject *parent)
    : QObject(parent), exec(std::move(exec)), server(std::move(server)),
      certificateAuthorityData(std::move(certificateAuthorityData))
{
    slow.setSingleShot(true);
    slow.setInterval(kSlowAfter);
    connect(&slow, &QTimer::timeout, this, &ExecCredentialProvider::stillRunning);
    deadline.setSingleShot(true);
    connect(&deadline, &QTimer::timeout, this, [this] {
        if (!process)
            return;
        const auto waited =
            std::chrono::duration_cast<std::chrono::seconds>(runTimeout.value_or(kDefaultTimeout));
        stopProcess();
        finish(fail(tr("the exec plugin '%1' did not answer within %2 s; run it in a terminal "
                       "to see what it waits for")
                        .arg(this->exec.command)
                        .arg(waited.count())));
    });
}

ExecCredentialProvider::~ExecCredentialProvider()
{
    stopProcess();
}

void ExecCredentialProvider::stopProcess()
{
    if (!process)
        return;
    QProcess *stopping = process;
    process = nullptr;
    stopping->disconnect(this);
    stopping->kill();
    stopping->waitForFinished(1000);
    stopping->deleteLater();
}

void ExecCredentialProvider::cancel()
{
    if (!process)
        return;
    stopProcess();
    finish(fail(tr("the exec plugin '%1' was cancelled").arg(exec.command),
                QStringLiteral("Cancelled")));
}

void ExecCredentialProvider::finish(const Result<ExecCredential> &result)
{
    slow.stop();
    deadline.stop();
    if (process) {
        process->deleteLater();
        process = nullptr;
    }
    if (result)
        cached = *result;
    auto callers = std::move(waiting);
    waiting.clear();
    for (const Callback &caller : callers)
        caller(result);
    Q_EMIT runEnded();
}

Result<ExecCredential> ExecCredentialProvider::decode(const QByteArray &output,
                                                      const QString &apiVersion)
{
    QJsonParseError error;
    const QJsonObject answer = QJsonDocument::fromJson(output, &error).object();
    if (answer.isEmpty())
        return fail(
            tr("the plugin's output is not an ExecCredential: %1").arg(error.errorString()));
    if (answer.value(QStringLiteral("kind")).toString() != QLatin1String("ExecCredential"))
        return fail(tr("the plugin answered kind '%1', not ExecCredential")
                        .arg(answer.value(QStringLiteral("kind")).toString()));
    if (answer.value(QStringLiteral("apiVersion")).toString() != apiVersion)
        return fail(tr("the plugin answered apiVersion '%1' to a request for '%2'")
                        .arg(answer.value(QStringLiteral("apiVersion")).toString(), apiVersion));
    const QJsonObject status = answer.value(QStringLiteral("status")).toObject();
    ExecCredential credential;
    credential.token = status.value(QStringLiteral("token")).toString().toUtf8();
    credential.clientCertificatePem =
        status.value(QStringLiteral("clientCertificateData")).toString().toUtf8();
    credential.clientKeyPem = status.value(QStringLiteral("clientKeyData")).toString().toUtf8();
    if (credential.token.isEmpty()
        && (credential.clientCertificatePem.isEmpty() || credential.clientKeyPem.isEmpty()))
        return fail(tr("the plugin returned neither a token nor a client certificate and key"));
    if (const QString expires = status.value(QStringLiteral("expirationTimestamp")).toString();
        !expires.isEmpty()) {
        const QDateTime when = QDateTime::fromString(expires, Qt::ISODate);
        if (!when.isValid())
            return fail(
                tr("the plugin's expirationTimestamp '%1' is not an RFC 3339 time").arg(expires));
        credential.expires = when;
    }
    return credential;
}

namespace {

// The plugin's environment: ours, the kubeconfig's env entries, and KUBERNETES_EXEC_INFO, which
// tells it whether it may prompt and, with provideClusterInfo, which cluster it is for.
QProcessEnvironment pluginEnvironment(const ExecConfig &exec, bool interactive,
                                      const QString &server,
                                      const QByteArray &certificateAuthorityData)
{
    QJsonObject spec{{QStringLiteral("interactive"), interactive}};
    if (exec.provideClusterInfo)
        spec.insert(QStringLiteral("cluster"),
                    QJsonObject{{QStringLiteral("server"), server},
                                {QStringLiteral("certificate-authority-data"),
                                 QString::fromLatin1(certificateAuthorityData.toBase64())}});
    const QJsonObject info{{QStringLiteral("apiVersion"), exec.apiVersion},
                           {QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                           {QStringLiteral("spec"), spec}};
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const ExecEnvVar &variable : exec.env.value_or(std::vector<ExecEnvVar>()))
        environment.insert(variable.name, variable.value);
    environment.insert(QStringLiteral("KUBERNETES_EXEC_INFO"),
                       QString::fromUtf8(QJsonDocument(info).toJson(QJsonDocument::Compact)));
    return environment;
}

} // namespace

void ExecCredentialProvider::credential(Callback done)
{
    if (const auto valid = current())
        return done(*valid);
    waiting.push_back(std::move(done));
    if (waiting.size() > 1)
        return; // the plugin is already running

    // As client-go: "Never" runs without the terminal even when there is one; "IfAvailable"
    // (the default) uses it when lent; "Always" cannot run without it.
    const bool interactive = terminal && exec.interactiveMode != QLatin1String("Never");
    if (exec.interactiveMode == QLatin1String("Always") && !interactive)
        return finish(fail(tr("the exec plugin '%1' needs a terminal (interactiveMode: Always): "
                              "run kubestrap-cli from one, or change the plugin's "
                              "interactiveMode")
                               .arg(exec.command)));
    const QString program = QStandardPaths::findExecutable(exec.command);
    if (program.isEmpty() && !QFileInfo(exec.command).isExecutable()) {
        const QString hint = exec.installHint.trimmed();
        return finish(
            fail(tr("the exec plugin '%1' is not installed%2")
                     .arg(exec.command, hint.isEmpty() ? QString() : QStringLiteral(": ") + hint)));
    }

    const QProcessEnvironment environment =
        pluginEnvironment(exec, interactive, server, certificateAuthorityData);
    process = new QProcess(this);
    said.clear();
    process->setProcessEnvironment(environment);
    if (interactive) {
        // The plugin prompts on standard error and reads the answer from standard input;
        // standard output still carries the credential.
        process->setInputChannelMode(QProcess::ForwardedInputChannel);
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    } else {
        process->setStandardInputFile(QProcess::nullDevice());
        if (stderrShared)
            process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    }
    ++runCount;
    // A program the system cannot run (not executable, a wrong format) never finishes: say so
    // at once, as kubectl does.
    connect(process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        const QString why = process->errorString();
        const QString hint = exec.installHint.trimmed();
        finish(fail(
            tr("the exec plugin '%1' could not be started: %2%3")
                .arg(exec.command, why, hint.isEmpty() ? QString() : QStringLiteral(". ") + hint)));
    });
    // What it says while it runs (a device code to enter, a page to open) is shown live.
    connect(process, &QProcess::readyReadStandardError, this, [this] {
        said += QString::fromUtf8(process->readAllStandardError());
        constexpr qsizetype kKept = 64 * 1024; // a chatty plugin's last words are what matter
        if (said.size() > kKept)
            said = said.right(kKept);
        Q_EMIT saidMore(said);
    });
    connect(process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        said += QString::fromUtf8(process->readAllStandardError());
        if (status != QProcess::NormalExit || code != 0) {
            const QString why = said.trimmed();
            return finish(fail(tr("the exec plugin '%1' failed (exit %2)%3")
                                   .arg(exec.command)
                                   .arg(code)
                                   .arg(why.isEmpty() ? QString() : QStringLiteral(": ") + why)));
        }
        finish(decode(process->readAllStandardOutput(), exec.apiVersion));
    });
    slow.start();
    if (!interactive || runTimeout)
        deadline.start(runTimeout.value_or(kDefaultTimeout));
    process->start(program.isEmpty() ? exec.command : program, exec.args.value_or(QStringList()));
}

} // namespace kubestrap
