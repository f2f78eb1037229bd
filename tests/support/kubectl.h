#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <chrono>

namespace kubestrap::test {

// The kubectl to compare against: $KUBESTRAP_KUBECTL, else a plain versioned binary
// (kubectl.1.NN, the newest) beside the `kubectl` on PATH — the PATH one may be a dispatcher that
// asks a server for its version first — else that `kubectl`. Empty when there is none.
QString findKubectl();

// This process's environment with HOME replaced (so no one's ~/.kube/config is read) and
// KUBECONFIG set to `kubeconfig`: what a parity test runs both kubectl and kubestrap-cli with.
QProcessEnvironment kubeconfigEnvironment(const QString &home, const QString &kubeconfig);

// What a program printed and how it ended.
struct ProcessResult {
    int exitCode = -1; // -1 when it crashed or did not finish
    QByteArray out;
    QByteArray err;
    // The program's peak resident memory, from runMeasured(); -1 when not measured.
    long peakKilobytes = -1;
};

// Runs `program` in `workingDirectory` with `environment` and no standard input, for at most
// `timeout` (a minute unless a benchmark says).
ProcessResult runProcess(const QString &program, const QStringList &arguments,
                         const QString &workingDirectory, const QProcessEnvironment &environment,
                         std::chrono::milliseconds timeout = std::chrono::minutes(1));

// runProcess() under GNU time, for the program's own peak memory. getrusage() cannot give it:
// Linux carries the parent's resident size at fork into the child's ru_maxrss, so a child of a
// large test process seems at least that large. Without /usr/bin/time the peak stays -1.
ProcessResult runMeasured(const QString &program, const QStringList &arguments,
                          const QString &workingDirectory, const QProcessEnvironment &environment,
                          std::chrono::milliseconds timeout = std::chrono::minutes(1));

// Runs `commands` as the user would paste them into bash, with findKubectl() as `kubectl`, in a
// fresh HOME with KUBECONFIG=`kubeconfig`, plus `extra` variables: how a test replays the kubectl
// commands the activity dock shows. Exit code -1 with "no kubectl" when there is none.
ProcessResult runInShell(const QString &commands, const QString &kubeconfig,
                         const QProcessEnvironment &extra = {});

} // namespace kubestrap::test
