// Start-up: from launching `kubestrap` to its window taking input, and to every context of the
// kubeconfig listed, with a one-context kubeconfig and with a fleet's (10,000 contexts, each with
// an embedded CA, certificate and key). Times each as seen from outside (the launch included) over
// several runs, and reports the median and the slowest; asserts only that it started and quit.

#include "large_kubeconfig.h"
#include "test_files.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace {

struct Run {
    qint64 window = -1; // launch to the window taking input
    qint64 listed = -1; // launch to every context listed
};

// One launch with --startup-time; the times are when each of its lines arrived.
Run launch(const QString &kubeconfig, const QString &settings)
{
    QProcess app;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), settings);
    app.setProcessEnvironment(environment);
    Run run;
    QElapsedTimer timer;
    QByteArray seen;
    QObject::connect(&app, &QProcess::readyReadStandardOutput, [&] {
        seen += app.readAllStandardOutput();
        if (run.window < 0 && seen.contains("window"))
            run.window = timer.elapsed();
        if (run.listed < 0 && seen.contains("context"))
            run.listed = timer.elapsed();
    });
    timer.start();
    app.start(QStringLiteral(KUBESTRAP_APP),
              {QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--startup-time")});
    if (!app.waitForFinished(60000) || app.exitCode() != 0) {
        std::printf("kubestrap did not start and quit: %s\n",
                    app.readAllStandardError().constData());
        return {};
    }
    seen += app.readAllStandardOutput();
    return run;
}

} // namespace

// Usage: bench_startup [RUNS]
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int runs = app.arguments().value(1, QStringLiteral("5")).toInt();
    QTemporaryDir dir;
    bool ok = true;
    for (const int contexts : {1, 10000}) {
        const QString kubeconfig = dir.filePath(QStringLiteral("config-%1").arg(contexts));
        kubestrap::test::writeFile(kubeconfig, kubestrap::test::largeKubeconfig(contexts));
        std::vector<qint64> windows;
        std::vector<qint64> listings;
        for (int i = 0; i < runs; ++i) {
            const Run run = launch(kubeconfig, dir.filePath(QStringLiteral("settings")));
            if (run.window < 0 || run.listed < 0) {
                ok = false;
                break;
            }
            windows.push_back(run.window);
            listings.push_back(run.listed);
        }
        if (windows.empty())
            continue;
        std::sort(windows.begin(), windows.end());
        std::sort(listings.begin(), listings.end());
        std::printf("%5d context(s): window taking input %lld ms (slowest %lld), every context "
                    "listed %lld ms (slowest %lld), median of %d\n",
                    contexts, windows[windows.size() / 2], windows.back(),
                    listings[listings.size() / 2], listings.back(), runs);
    }
    return ok ? 0 : 1;
}
