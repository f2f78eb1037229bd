#include "soak.h"
#include "test_cluster.h"

#include <QCoreApplication>

#include <cstdio>

// The fault-injection soak of test_store_soak, for longer: `bench_store_soak [ROUNDS]` (each
// round fires every kind of fault once, about 20 s on the sandbox). Against the cluster that
// KUBESTRAP_TEST_KUBECONFIG names when set. Prints the soak's table; fails when the store lost,
// duplicated or kept a stale object, or the soak could not run to the end.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? QByteArray(argv[1]).toInt() : 10;
    QString error;
    auto cluster = kubestrap::test::TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
    if (!cluster) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const kubestrap::test::SoakReport report = kubestrap::test::runSoak(*cluster, rounds);
    std::printf("%d rounds against %s\n%s\n", rounds,
                cluster->isSandbox() ? "the sandbox" : qPrintable(cluster->url()),
                qPrintable(report.table()));
    if (!report.error.isEmpty())
        std::fprintf(stderr, "%s\n", qPrintable(report.error));
    return report.clean() ? 0 : 1;
}
