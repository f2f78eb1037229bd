#include "version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("kubestrap-sandbox"));
    app.setApplicationVersion(QLatin1String(kubestrap::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "A local HTTPS Kubernetes API with real authentication and RBAC, for trying "
                "Kubestrap and for its integration tests."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    // Said plainly rather than pretending: the server is a later issue.
    std::fputs(qPrintable(QCoreApplication::translate(
                   "main", "kubestrap-sandbox: the sandbox server is not built yet.\n")),
               stderr);
    return 1;
}
