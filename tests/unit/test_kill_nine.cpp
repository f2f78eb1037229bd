#include "kill_suite.h"
#include "kubectl.h"

#include <QTest>

// The kill -9 suite at the length CI can afford (bench_kill_nine runs it 10,000 times): a writer
// rewriting a 300-context kubeconfig is killed at random moments, and every time the file is one
// whole version that Kubestrap and kubectl both load, and nothing the writer left lingers.
class TestKillNine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aKilledWriterLeavesTheOldFileOrTheNewOne()
    {
        const QString kubectl = kubestrap::test::findKubectl();
        if (kubectl.isEmpty())
            qWarning("kubectl is not installed: the file is checked by Kubestrap only");
        const auto report =
            kubestrap::test::runKillSuite(QStringLiteral(KUBECONFIG_WRITER), kubectl, 200, 300);
        qInfo().noquote() << report.summary();
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.kills, 200);
        QCOMPARE(report.torn, 0);
        QCOMPARE(report.oldOrNew, report.kills);
        QCOMPARE(report.loadedHere, report.kills);
        QCOMPARE(report.loadedByKubectl, report.kubectlRuns);
        QCOMPARE(report.backupsWhole, report.kills);
        QCOMPARE(report.temporariesAtEnd, 0);
        // Some kills must have landed in the middle of a write, or the suite proves nothing.
        QVERIFY2(report.temporariesSeen > 0, qPrintable(report.summary()));
    }
};

QTEST_GUILESS_MAIN(TestKillNine)
#include "test_kill_nine.moc"
