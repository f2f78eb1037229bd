#include "human_duration.h"

#include <QTest>

using namespace kubestrap;

// Durations as Go and kubeadm write and read them.
class TestDurations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shortHumanDurationIsKubeadmsTtl_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("past") << qint64(-2) << QStringLiteral("<invalid>");
        QTest::newRow("a second ago is now") << qint64(-1) << QStringLiteral("0s");
        QTest::newRow("seconds") << qint64(59) << QStringLiteral("59s");
        QTest::newRow("minutes") << qint64(3599) << QStringLiteral("59m");
        QTest::newRow("hours") << qint64(86399) << QStringLiteral("23h");
        QTest::newRow("days") << qint64(86400) << QStringLiteral("1d");
        QTest::newRow("under a year") << qint64(364 * 86400) << QStringLiteral("364d");
        QTest::newRow("years") << qint64(800 * 86400) << QStringLiteral("2y");
    }
    void shortHumanDurationIsKubeadmsTtl()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        QCOMPARE(shortHumanDuration(seconds), expected);
    }

    void goDurationsAreRead_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds");
        QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
        QTest::newRow("kubeadm's default") << QStringLiteral("24h") << qint64(86400);
        QTest::newRow("combined") << QStringLiteral("1h30m15s") << qint64(5415);
        QTest::newRow("fraction") << QStringLiteral("1.5h") << qint64(5400);
        QTest::newRow("milliseconds") << QStringLiteral("2500ms") << qint64(2);
        QTest::newRow("negative") << QStringLiteral("-10m") << qint64(-600);
    }
    void goDurationsAreRead()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const auto parsed = parseGoDuration(text);
        if (!parsed)
            QFAIL(qPrintable(parsed.error().message));
        QCOMPARE(*parsed, seconds);
    }

    void notDurationsAreRefused()
    {
        // Go refuses a unit-less number other than 0, days, spaces and empty text alike.
        for (const char *text : {"", "10", "1d", "1 h", "h", "24h garbage", "-"})
            QVERIFY2(!parseGoDuration(QLatin1String(text)), text);
    }
};

QTEST_GUILESS_MAIN(TestDurations)
#include "test_durations.moc"
