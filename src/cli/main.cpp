#include "cli.h"
#include "version.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("kubestrap-cli"));
    app.setApplicationVersion(QLatin1String(kubestrap::kVersion));

    QTextStream out(stdout);
    QTextStream err(stderr);
    kubestrap::cli::Io io{out, err};
    return kubestrap::cli::run(app.arguments(), io);
}
