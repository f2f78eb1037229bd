#include "rfc3339.h"

#include <QTest>

using kubestrap::parseRfc3339;

// Go's time.Parse(time.RFC3339, …), which Kubernetes uses for times written by hand. Each row's
// answer is what Go 1.23 (the Go of Kubernetes 1.32) gave for that text.
class TestRfc3339 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsWhatGoReads_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("utc");
        const auto at = [](int h, int m, int s, int ms = 0) {
            return QDateTime(QDate(2026, 12, 3), QTime(h, m, s, ms), Qt::UTC);
        };
        QTest::newRow("Z") << QStringLiteral("2026-12-03T12:00:00Z") << at(12, 0, 0);
        QTest::newRow("east") << QStringLiteral("2026-12-03T20:00:00+08:00") << at(12, 0, 0);
        QTest::newRow("west") << QStringLiteral("2026-12-03T07:30:00-04:30") << at(12, 0, 0);
        QTest::newRow("fraction") << QStringLiteral("2026-12-03T12:00:00.5Z") << at(12, 0, 0, 500);
        QTest::newRow("nanoseconds")
            << QStringLiteral("2026-12-03T12:00:00.123456789Z") << at(12, 0, 0, 123);
        QTest::newRow("one-digit hour") << QStringLiteral("2026-12-03T1:00:00Z") << at(1, 0, 0);
        QTest::newRow("comma fraction")
            << QStringLiteral("2026-12-03T12:00:00,5Z") << at(12, 0, 0, 500);
        QTest::newRow("fraction and offset")
            << QStringLiteral("2026-12-03T12:00:00.5+01:00") << at(11, 0, 0, 500);
        QTest::newRow("minus zero") << QStringLiteral("2026-12-03T12:00:00-00:00") << at(12, 0, 0);
        QTest::newRow("offset of 24 hours") << QStringLiteral("2026-12-03T12:00:00+24:00")
                                            << QDateTime(QDate(2026, 12, 2), QTime(12, 0), Qt::UTC);
        QTest::newRow("offset of 60 minutes")
            << QStringLiteral("2026-12-03T12:00:00+05:60") << at(6, 0, 0);
        QTest::newRow("leap day") << QStringLiteral("2028-02-29T00:00:00Z")
                                  << QDateTime(QDate(2028, 2, 29), QTime(0, 0), Qt::UTC);
    }
    void readsWhatGoReads()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, utc);
        const auto parsed = parseRfc3339(text);
        QVERIFY(parsed);
        QCOMPARE(*parsed, utc);
        QCOMPARE(parsed->timeSpec(), Qt::UTC);
    }

    void refusesWhatGoRefuses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("no zone") << QStringLiteral("2026-12-03T12:00:00");
        QTest::newRow("no seconds") << QStringLiteral("2026-12-03T12:00Z");
        QTest::newRow("space for T") << QStringLiteral("2026-12-03 12:00:00Z");
        QTest::newRow("lower-case t") << QStringLiteral("2026-12-03t12:00:00Z");
        QTest::newRow("lower-case z") << QStringLiteral("2026-12-03T12:00:00z");
        QTest::newRow("offset without colon") << QStringLiteral("2026-12-03T12:00:00+0800");
        QTest::newRow("date only") << QStringLiteral("2026-12-03");
        QTest::newRow("February 30th") << QStringLiteral("2026-02-30T00:00:00Z");
        QTest::newRow("not a leap year") << QStringLiteral("2027-02-29T00:00:00Z");
        QTest::newRow("hour 24") << QStringLiteral("2026-12-03T24:00:00Z");
        QTest::newRow("leap second") << QStringLiteral("2026-12-31T23:59:60Z");
        QTest::newRow("offset of 25 hours") << QStringLiteral("2026-12-03T12:00:00+25:00");
        QTest::newRow("offset of 61 minutes") << QStringLiteral("2026-12-03T12:00:00+05:61");
        QTest::newRow("one-digit minute") << QStringLiteral("2026-12-03T12:0:00Z");
        QTest::newRow("one-digit second") << QStringLiteral("2026-12-03T12:00:0Z");
        QTest::newRow("one-digit month") << QStringLiteral("2026-1-03T12:00:00Z");
        QTest::newRow("one-digit day") << QStringLiteral("2026-12-3T12:00:00Z");
        QTest::newRow("signed year") << QStringLiteral("+2026-12-03T12:00:00Z");
        QTest::newRow("a dot without digits") << QStringLiteral("2026-12-03T12:00:00.Z");
        QTest::newRow("short year") << QStringLiteral("26-12-03T12:00:00Z");
        QTest::newRow("trailing space") << QStringLiteral("2026-12-03T12:00:00Z ");
        QTest::newRow("empty") << QString();
    }
    void refusesWhatGoRefuses()
    {
        QFETCH(QString, text);
        QVERIFY(!parseRfc3339(text));
    }
};

QTEST_GUILESS_MAIN(TestRfc3339)
#include "test_rfc3339.moc"
