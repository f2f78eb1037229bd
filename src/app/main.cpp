#include "kubeconfig_store.h"
#include "main_window.h"
#include "no_core_dumps.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QIcon>
#include <QTimer>

#include <cstdio>

namespace {

// Qt aborts when it cannot reach a display; we would rather say what to do instead.
bool hasDisplay()
{
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY")
           || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

void describeApplication(QCoreApplication &app)
{
    app.setOrganizationName(QStringLiteral("Kubestrap"));
    app.setApplicationName(QStringLiteral("kubestrap"));
    app.setApplicationVersion(QLatin1String(kubestrap::kVersion));
}

struct Options {
    QString kubeconfig;
    QString screenshotDir;
    QString context;
    bool startupTime = false;
};

Options parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Bootstrap tokens, cluster-info, node bootstrap RBAC and kubeconfig export for "
                "Kubernetes cluster administrators."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption kubeconfig(
        QStringLiteral("kubeconfig"),
        QCoreApplication::translate("main", "Read this kubeconfig file instead of KUBECONFIG or "
                                            "~/.kube/config."),
        QCoreApplication::translate("main", "file"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Render each panel into DIR/<panel>.png once the "
                                            "cluster has answered, and exit."),
        QCoreApplication::translate("main", "dir"));
    const QCommandLineOption context(
        QStringLiteral("context"),
        QCoreApplication::translate("main", "Work in this context instead of the current one."),
        QCoreApplication::translate("main", "name"));
    const QCommandLineOption startupTime(
        QStringLiteral("startup-time"),
        QCoreApplication::translate("main", "Print how long start-up took (to the window, and to "
                                            "every context listed), and exit."));
    parser.addOptions({kubeconfig, screenshot, context, startupTime});
    parser.process(app); // exits on --help, --version and unknown options
    return {parser.value(kubeconfig), parser.value(screenshot), parser.value(context),
            parser.isSet(startupTime)};
}

} // namespace

// With --startup-time: once the window is up and the loop free for input, and once the kubeconfig
// is read and its contexts listed, says how long each took from main() and quits.
void reportStartup(QApplication &app, kubestrap::KubeconfigStore &store,
                   const QElapsedTimer &sinceMain)
{
    QTimer::singleShot(0, &app, [&sinceMain] {
        std::printf("%s\n", qPrintable(QCoreApplication::translate(
                                           "main", "window shown and taking input: %1 ms")
                                           .arg(sinceMain.elapsed())));
        std::fflush(stdout); // seen when it happens, not when the program ends
    });
    const auto listed = [&app, &sinceMain] {
        QTimer::singleShot(0, &app, [&app, &sinceMain] {
            std::printf("%s\n",
                        qPrintable(QCoreApplication::translate(
                                       "main", "kubeconfig read and every context listed: %1 ms")
                                       .arg(sinceMain.elapsed())));
            std::fflush(stdout);
            app.quit();
        });
    };
    QObject::connect(&store, &kubestrap::KubeconfigStore::loaded, &app, listed);
    QObject::connect(&store, &kubestrap::KubeconfigStore::loadFailed, &app, listed);
}

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    kubestrap::disableCoreDumps(); // before any secret is read
    if (!hasDisplay()) {
        // A console application is enough for --help and --version, and for saying what to do.
        QCoreApplication app(argc, argv);
        describeApplication(app);
        parseOptions(app);
        std::fputs(qPrintable(QCoreApplication::translate(
                       "main", "kubestrap: no display found (DISPLAY and WAYLAND_DISPLAY are not "
                               "set).\nRun it on a virtual display:  xvfb-run -a kubestrap\n")),
                   stderr);
        return 1;
    }

    QApplication app(argc, argv);
    describeApplication(app);
    app.setDesktopFileName(QLatin1String(kubestrap::kAppId));
    app.setWindowIcon(QIcon(QStringLiteral(":/kubestrap/kubestrap.svg")));
    const Options options = parseOptions(app);

    kubestrap::KubeconfigStore store(
        kubestrap::KubeconfigSources::fromEnvironment(options.kubeconfig));
    kubestrap::MainWindow window(&store);
    if (!options.context.isEmpty())
        QObject::connect(&store, &kubestrap::KubeconfigStore::loaded, &window,
                         [&store, context = options.context] {
                             if (store.activeContext() != context)
                                 store.setActiveContext(context);
                         });
    window.show();
    if (options.startupTime)
        reportStartup(app, store, sinceMain);
    if (!options.screenshotDir.isEmpty()) {
        window.saveScreenshots(options.screenshotDir, [&app](const QString &problem) {
            if (!problem.isEmpty())
                std::fputs(qPrintable(QStringLiteral("kubestrap: %1\n").arg(problem)), stderr);
            app.exit(problem.isEmpty() ? 0 : 1);
        });
    }
    return app.exec();
}
