#include "text_folds.h"

#include <QTest>

using namespace kubestrap;
using folds::Fold;
using folds::Style;

Q_DECLARE_METATYPE(QList<Fold>)

// Where a value folds, as an editor folds it: by indentation (YAML with its same-column lists,
// indented JSON) and by INI section.
class TestTextFolds : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void foldsFollowTheText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Style>("style");
        QTest::addColumn<QList<Fold>>("expected");

        QTest::newRow("nested YAML") << QStringLiteral("server:\n"
                                                       "  port: 8080\n"
                                                       "  tls:\n"
                                                       "    cert: a\n"
                                                       "    key: b\n"
                                                       "logging: info\n")
                                     << Style::YamlIndentation << QList<Fold>{{0, 4}, {2, 4}};
        QTest::newRow("YAML list at its key's column")
            << QStringLiteral("features:\n- search\n- export\nname: x\n") << Style::YamlIndentation
            << QList<Fold>{{0, 2}};
        QTest::newRow("YAML list items with fields")
            << QStringLiteral("- name: a\n  value: 1\n- name: b\n  value: 2\n")
            << Style::YamlIndentation << QList<Fold>{{0, 1}, {2, 3}};
        QTest::newRow("the same list read by indentation alone")
            << QStringLiteral("features:\n- search\n- export\n") << Style::Indentation
            << QList<Fold>{};
        QTest::newRow("blank lines inside a fold, none at its end")
            << QStringLiteral("a:\n  b: 1\n\n  c: 2\n\n\nd: 3\n") << Style::YamlIndentation
            << QList<Fold>{{0, 3}};
        QTest::newRow("a fold running to the end")
            << QStringLiteral("a:\n  b:\n    c: 1\n\n") << Style::YamlIndentation
            << QList<Fold>{{0, 2}, {1, 2}};
        QTest::newRow("indented JSON keeps its closing brackets")
            << QStringLiteral("{\n    \"a\": {\n        \"b\": 1\n    },\n    \"c\": [\n"
                              "        2\n    ]\n}")
            << Style::Indentation << QList<Fold>{{0, 6}, {1, 2}, {4, 5}};
        QTest::newRow("INI sections") << QStringLiteral("; top\n[cache]\nsize = 1\nttl = 2\n\n"
                                                        "[mail]\nhost = h\n[empty]\n")
                                      << Style::Sections << QList<Fold>{{1, 3}, {5, 6}};
        QTest::newRow("flat text")
            << QStringLiteral("a: 1\nb: 2\n") << Style::YamlIndentation << QList<Fold>{};
        QTest::newRow("nothing") << QString() << Style::Indentation << QList<Fold>{};
    }

    void foldsFollowTheText()
    {
        QFETCH(QString, text);
        QFETCH(Style, style);
        QFETCH(QList<Fold>, expected);
        const QList<Fold> found = folds::foldsOf(text.split(QLatin1Char('\n')), style);
        QStringList shown;
        for (const Fold &fold : found)
            shown << QStringLiteral("%1-%2").arg(fold.opener).arg(fold.last);
        QVERIFY2(found == expected, qPrintable(shown.join(QLatin1Char(' '))));
    }

    void deepNestingIsOnePass()
    {
        // 20,000 lines each deeper than the last: every line but the last opens a fold.
        QStringList lines;
        for (int i = 0; i < 20000; ++i)
            lines << QString(i % 200, QLatin1Char(' ')) + QStringLiteral("k:");
        const QList<Fold> found = folds::foldsOf(lines, Style::Indentation);
        QVERIFY(!found.isEmpty());
        QCOMPARE(found.first(), (Fold{0, 199}));
    }
};

QTEST_MAIN(TestTextFolds)
#include "test_text_folds.moc"
