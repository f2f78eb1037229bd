#include "soak.h"
#include "test_cluster.h"

#include <QTest>

using kubestrap::test::TestCluster;

// The fault-injection soak (tests/support/soak.h) at the length CI can afford: every fault kind
// twice while a writer changes objects, and after each one the store equals the server's list.
// bench_store_soak runs it longer.
class TestStoreSoak : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyFaultHealsWithNothingLostDuplicatedOrStale()
    {
        QString error;
        auto cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        const kubestrap::test::SoakReport report = kubestrap::test::runSoak(*cluster, 2);
        qInfo().noquote() << QStringLiteral("\n") + report.table();
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        for (const kubestrap::test::SoakRow &row : report.rows) {
            QVERIFY2(row.injected > 0 || !row.note.isEmpty(), qPrintable(row.fault));
            QCOMPARE(row.lost, 0);
            QCOMPARE(row.duplicated, 0);
            QCOMPARE(row.stale, 0);
        }
        QVERIFY(report.clean());
    }
};

QTEST_GUILESS_MAIN(TestStoreSoak)
#include "test_store_soak.moc"
