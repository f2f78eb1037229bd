// Loading a large kubeconfig: kubestrap-cli against kubectl on the same file, both as processes
// doing the same job (`config view -o json`), plus our loader in-process. Reports times, the
// ratio and peak memory; asserts nothing about speed (benchmarks report, tests assert).

#include "kubeconfig_loader.h"
#include "kubectl.h"
#include "large_kubeconfig.h"
#include "test_files.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace {

// The fastest of `runs` runs, in milliseconds; -1 when a run failed.
template <typename Run>
qint64 fastest(int runs, Run run)
{
    qint64 best = -1;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        if (!run())
            return -1;
        best = best < 0 ? timer.elapsed() : std::min(best, timer.elapsed());
    }
    return best;
}

// Runs a program and keeps the largest peak memory seen over the runs.
bool runKeepingPeak(const QString &program, const QStringList &arguments, const QString &dir,
                    const QProcessEnvironment &env, long &peak)
{
    const auto result = kubestrap::test::runMeasured(program, arguments, dir, env);
    peak = std::max(peak, result.peakKilobytes);
    return result.exitCode == 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int contexts = app.arguments().value(1, QStringLiteral("10000")).toInt();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("large.yaml"));
    const QByteArray yaml = kubestrap::test::largeKubeconfig(contexts);
    kubestrap::test::writeFile(path, yaml);
    std::printf("kubeconfig: %d contexts, %.1f MB\n", contexts, double(yaml.size()) / 1e6);

    const auto sources = kubestrap::KubeconfigSources::resolve(path, {}, dir.path());
    const qint64 inProcess = fastest(3, [&] { return loadKubeconfig(sources).has_value(); });
    std::printf("kubestrap loader, in-process: %lld ms\n", inProcess);

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), dir.path());
    const QStringList view{QStringLiteral("view"), QStringLiteral("-o"), QStringLiteral("json"),
                           QStringLiteral("--kubeconfig"), path};
    long ourPeak = -1;
    const qint64 ours = fastest(3, [&] {
        return runKeepingPeak(QStringLiteral(KUBESTRAP_CLI),
                              QStringList{QStringLiteral("kubeconfig")} + view, dir.path(), env,
                              ourPeak);
    });
    std::printf("kubestrap-cli kubeconfig view -o json: %lld ms, peak %ld MB\n", ours,
                ourPeak / 1024);

    const QString kubectl = kubestrap::test::findKubectl();
    if (kubectl.isEmpty()) {
        std::printf("kubectl: not installed, no ratio\n");
        return ours < 0 ? 1 : 0;
    }
    long theirPeak = -1;
    const qint64 theirs = fastest(3, [&] {
        return runKeepingPeak(kubectl, QStringList{QStringLiteral("config")} + view, dir.path(),
                              env, theirPeak);
    });
    std::printf("%s config view -o json: %lld ms, peak %ld MB\n", qPrintable(kubectl), theirs,
                theirPeak / 1024);
    if (ours > 0 && theirs > 0)
        std::printf("kubectl / kubestrap-cli time: %.2fx\n", double(theirs) / double(ours));
    return ours < 0 || inProcess < 0 ? 1 : 0;
}
