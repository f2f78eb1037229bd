#include "kill_suite.h"
#include "kubectl.h"

#include <QCoreApplication>

#include <cstdio>

// The kill -9 suite of test_kill_nine, for longer: `bench_kill_nine [KILLS] [CONTEXTS]`
// (10,000 kills of a writer of a 300-context kubeconfig by default). Prints the counts; fails
// when any kill left a file that is not one whole version, or that Kubestrap or kubectl could
// not load.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int kills = argc > 1 ? QByteArray(argv[1]).toInt() : 10000;
    const int contexts = argc > 2 ? QByteArray(argv[2]).toInt() : 300;
    const QString writer =
        argc > 3 ? QString::fromLocal8Bit(argv[3]) : QStringLiteral(KUBECONFIG_WRITER);
    const auto report =
        kubestrap::test::runKillSuite(writer, kubestrap::test::findKubectl(), kills, contexts);
    std::printf("%s\n", qPrintable(report.summary()));
    if (!report.error.isEmpty())
        std::fprintf(stderr, "%s\n", qPrintable(report.error));
    return report.clean() ? 0 : 1;
}
