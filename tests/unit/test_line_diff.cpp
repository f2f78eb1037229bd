#include "line_diff.h"
#include "test_files.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;

namespace {

// The text a diff's lines make on one side: ' ' and '-' lines before, ' ' and '+' lines after.
QString side(const QStringList &diff, QChar dropped)
{
    QStringList lines;
    for (const QString &line : diff)
        if (!line.startsWith(dropped))
            lines << line.mid(1);
    return lines.join(QLatin1Char('\n'));
}

qsizetype changes(const QStringList &diff)
{
    return std::count_if(diff.begin(), diff.end(), [](const QString &line) {
        return line.startsWith(QLatin1Char('-')) || line.startsWith(QLatin1Char('+'));
    });
}

} // namespace

// The diff shown before a save: it rebuilds both texts, changes no more lines than
// `diff --minimal` does, and cuts long unchanged runs.
class TestLineDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bothSidesAreRebuiltWithAsFewChangesAsDiff_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::newRow("one value")
            << QStringLiteral("a: 1\nb: 2\nc: 3") << QStringLiteral("a: 1\nb: 9\nc: 3");
        QTest::newRow("added at the end") << QStringLiteral("a\nb") << QStringLiteral("a\nb\nc\nd");
        QTest::newRow("removed at the start")
            << QStringLiteral("x\ny\na\nb") << QStringLiteral("a\nb");
        QTest::newRow("moved block")
            << QStringLiteral("a\nb\nc\nd\ne\nf") << QStringLiteral("d\ne\na\nb\nc\nf");
        QTest::newRow("interleaved") << QStringLiteral("1\n2\n3\n4\n5\n6\n7\n8")
                                     << QStringLiteral("1\nx\n3\ny\n5\n6\nz\n8\n9");
        QTest::newRow("from nothing") << QString() << QStringLiteral("a\nb");
    }

    void bothSidesAreRebuiltWithAsFewChangesAsDiff()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        const QStringList diff = lineDiff(before, after, 1000);
        QCOMPARE(side(diff, QLatin1Char('+')), before);
        QCOMPARE(side(diff, QLatin1Char('-')), after);

        if (QStandardPaths::findExecutable(QStringLiteral("diff")).isEmpty())
            QSKIP("diff is not installed: the count is not compared");
        QTemporaryDir dir;
        QVERIFY(test::writeFile(dir.filePath(QStringLiteral("a")), before.toUtf8() + '\n'));
        QVERIFY(test::writeFile(dir.filePath(QStringLiteral("b")), after.toUtf8() + '\n'));
        QProcess diffProcess;
        diffProcess.start(QStringLiteral("diff"),
                          {QStringLiteral("--minimal"), QStringLiteral("--unchanged-line-format="),
                           QStringLiteral("--old-line-format=-\n"),
                           QStringLiteral("--new-line-format=+\n"),
                           dir.filePath(QStringLiteral("a")), dir.filePath(QStringLiteral("b"))});
        QVERIFY(diffProcess.waitForFinished());
        QCOMPARE(changes(diff), diffProcess.readAllStandardOutput().count('\n'));
    }

    void theSameTextHasNoDiff()
    {
        QVERIFY(lineDiff(QStringLiteral("a\nb"), QStringLiteral("a\nb")).isEmpty());
    }

    void longUnchangedRunsAreCut()
    {
        QStringList lines;
        for (int i = 1; i <= 40; ++i)
            lines << QString::number(i);
        const QString before = lines.join(QLatin1Char('\n'));
        lines[19] = QStringLiteral("twenty");
        const QStringList diff = lineDiff(before, lines.join(QLatin1Char('\n')), 2);
        QCOMPARE(diff, (QStringList{QStringLiteral("@@ line 18 @@"), QStringLiteral(" 18"),
                                    QStringLiteral(" 19"), QStringLiteral("-20"),
                                    QStringLiteral("+twenty"), QStringLiteral(" 21"),
                                    QStringLiteral(" 22")}));
    }
};

QTEST_GUILESS_MAIN(TestLineDiff)
#include "test_line_diff.moc"
