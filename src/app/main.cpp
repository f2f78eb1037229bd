#include "kubeconfig_store.h"
#include "main_window.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

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

QString parseKubeconfigFlag(const QCoreApplication &app)
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
    parser.addOption(kubeconfig);
    parser.process(app); // exits on --help, --version and unknown options
    return parser.value(kubeconfig);
}

} // namespace

int main(int argc, char *argv[])
{
    if (!hasDisplay()) {
        // A console application is enough for --help and --version, and for saying what to do.
        QCoreApplication app(argc, argv);
        describeApplication(app);
        parseKubeconfigFlag(app);
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
    const QString kubeconfigFlag = parseKubeconfigFlag(app);

    kubestrap::KubeconfigStore store(kubestrap::KubeconfigSources::fromEnvironment(kubeconfigFlag));
    kubestrap::MainWindow window(&store);
    window.show();
    return app.exec();
}
