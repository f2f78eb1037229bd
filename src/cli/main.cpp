#include "cli.h"
#include "no_core_dumps.h"
#include "version.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    kubestrap::disableCoreDumps(); // before any secret is read
    QCoreApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("kubestrap-cli"));
    app.setApplicationVersion(QLatin1String(kubestrap::kVersion));

    QTextStream out(stdout);
    QTextStream err(stderr);
    kubestrap::cli::Io io{out, err};
    return kubestrap::cli::run(app.arguments(), io);
}
