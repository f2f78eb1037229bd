#include "json_writer.h"
#include "yaml_reader.h"

#include <QTest>

using namespace kubestrap;

namespace {

// The document as compact JSON, or "error: …" — what kubectl would see after its YAML-to-JSON step.
QByteArray asJson(const QByteArray &yaml)
{
    const auto document = readYaml(yaml);
    if (!document)
        return "error: " + document.error().message.toUtf8();
    return writeJson(document->root, 0);
}

} // namespace

class TestYamlReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsLikeKubectl_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QByteArray>("json");
        // Every expectation below was observed with kubectl 1.33 (go-yaml v2 + sigs.k8s.io/yaml).
        QTest::newRow("empty") << QByteArray() << QByteArray("null");
        QTest::newRow("comment only") << QByteArray("# nothing\n") << QByteArray("null");
        QTest::newRow("yaml 1.1 booleans")
            << QByteArray("a: yes\nb: n\nc: On\nd: 'yes'\ne: True\n")
            << QByteArray(R"({"a":true,"b":false,"c":true,"d":"yes","e":true})");
        QTest::newRow("nulls") << QByteArray("a: ~\nb: null\nc:\nd: ''\n")
                               << QByteArray(R"({"a":null,"b":null,"c":null,"d":""})");
        QTest::newRow("integers")
            << QByteArray(
                   "a: 12\nb: 0x1F\nc: 0777\nd: -5\ne: 1_000\nf: 0b101\ng: 12345678901234567890\n")
            << QByteArray(
                   R"({"a":12,"b":31,"c":511,"d":-5,"e":1000,"f":5,"g":12345678901234567890})");
        QTest::newRow("floats")
            << QByteArray("a: 1.0\nb: 1e3\nc: 0.000001\nd: 1e21\ne: .5\nf: 1e400\n")
            << QByteArray(R"({"a":1,"b":1000,"c":0.000001,"d":1e+21,"e":0.5,"f":"1e400"})");
        QTest::newRow("strings that look like others")
            << QByteArray("a: 2001-12-14\nb: 1.2.3\nc: 0x\nd: +.5e\ne: yes please\n")
            << QByteArray(R"({"a":"2001-12-14","b":"1.2.3","c":"0x","d":"+.5e","e":"yes please"})");
        QTest::newRow("keys become strings") << QByteArray("{on: 1, 1.5: 2, 0x10: 3, 7: 4}")
                                             << QByteArray(R"({"true":1,"1.5":2,"16":3,"7":4})");
        QTest::newRow("tags") << QByteArray(
            "a: !!str 123\nb: !!binary aGVsbG8=\nc: !foo bar\nd: !!float 3\n")
                              << QByteArray(R"({"a":"123","b":"hello","c":"bar","d":3})");
        QTest::newRow("repeated key: last wins")
            << QByteArray("a: 1\na: 2\n") << QByteArray(R"({"a":2})");
        QTest::newRow("anchors and aliases")
            << QByteArray("a: &x {s: 1}\nb: *x\n") << QByteArray(R"({"a":{"s":1},"b":{"s":1}})");
        QTest::newRow("merge keys override earlier keys as in go-yaml v2")
            << QByteArray("a:\n  u: nn\n  <<: {t: 1, u: m}\n")
            << QByteArray(R"({"a":{"u":"m","t":1}})");
        QTest::newRow("explicit key after merge wins")
            << QByteArray("a:\n  <<: {t: 1, u: m}\n  u: nn\n")
            << QByteArray(R"({"a":{"t":1,"u":"nn"}})");
        QTest::newRow("merge list: earlier mappings win")
            << QByteArray("a:\n  <<: [{t: 1}, {t: 2, v: 3}]\n")
            << QByteArray(R"({"a":{"t":1,"v":3}})");
        QTest::newRow("json") << QByteArray(R"({"a": [1, "x", true, null]})")
                              << QByteArray(R"({"a":[1,"x",true,null]})");
        QTest::newRow("bom") << QByteArray("\xef\xbb\xbf"
                                           "a: 1\n")
                             << QByteArray(R"({"a":1})");
        QTest::newRow("crlf") << QByteArray("a: 1\r\nb: x\r\n") << QByteArray(R"({"a":1,"b":"x"})");
        QTest::newRow("utf-16 with bom") << QByteArray("\xff\xfe"
                                                       "a\0:\0 \0b\0",
                                                       10)
                                         << QByteArray(R"({"a":"b"})");
        QTest::newRow("only the first document")
            << QByteArray("a: 1\n---\n[bad\n") << QByteArray(R"({"a":1})");
        QTest::newRow("escapes like go") << QByteArray("a: \"<&>\\u2028\\x01\"\n")
                                         << QByteArray(R"({"a":"\u003c\u0026\u003e\u2028\u0001"})");
    }

    void readsLikeKubectl()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QByteArray, json);
        QCOMPARE(asJson(yaml), json);
    }

    void refusesWhatKubectlRefuses_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("error");
        QTest::newRow("tab indentation")
            << QByteArray("a:\n\tb: 1\n")
            << QStringLiteral("line 2, column 1: found character that cannot start any token");
        QTest::newRow("unclosed flow")
            << QByteArray("a: [\n") << QStringLiteral("line 2, column 1:");
        QTest::newRow("invalid utf-8")
            << QByteArray("a: \xff\xfe\n")
            << QStringLiteral("line 1, column 4: invalid leading UTF-8 octet");
        QTest::newRow("control character")
            << QByteArray("a: b\x01\n") << QStringLiteral("control characters are not allowed");
        QTest::newRow("infinity") << QByteArray("a: .inf\n")
                                  << QStringLiteral("cannot be represented in JSON");
        QTest::newRow("null key") << QByteArray("{~: 1}")
                                  << QStringLiteral("a mapping key cannot be null");
        QTest::newRow("self alias")
            << QByteArray("a: &x [*x]\n")
            << QStringLiteral("line 1, column 8: anchor 'x' contains itself");
        QTest::newRow("unknown alias")
            << QByteArray("a: *x\n") << QStringLiteral("unknown anchor 'x' referenced");
        QTest::newRow("bad merge") << QByteArray("a:\n  <<: 1\n") << QStringLiteral("merge key");
        QTest::newRow("bad tagged int")
            << QByteArray("a: !!int abc\n") << QStringLiteral("as !!int");
    }

    void refusesWhatKubectlRefuses()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, error);
        const auto document = readYaml(yaml);
        QVERIFY(!document);
        QVERIFY2(document.error().message.contains(error), qPrintable(document.error().message));
    }

    void warnsAboutRepeatedKeys()
    {
        const auto document = readYaml("a: 1\nb: 2\na: 3\n");
        QVERIFY(document);
        QCOMPARE(document->warnings.size(), 1);
        QVERIFY2(document->warnings.first().startsWith(QStringLiteral("line 3, column 1: key 'a'")),
                 qPrintable(document->warnings.first()));
    }

    void overridingAMergedKeyIsNoRepetition()
    {
        const auto document =
            readYaml("base: &b {server: x, port: 1}\nderived:\n  <<: *b\n  server: z\n");
        QVERIFY(document);
        QVERIFY2(document->warnings.isEmpty(),
                 qPrintable(document->warnings.join(QLatin1Char('\n'))));
        QCOMPARE(*document->root.member(u"derived")->member(u"server")->string(),
                 QStringLiteral("z"));
    }

    void refusesAliasBombsQuickly()
    {
        // The "billion laughs": nine levels of ten aliases each.
        QByteArray bomb =
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
        for (char level = 'b'; level <= 'i'; ++level) {
            const char previous = char(level - 1);
            bomb += QByteArray(1, level) + ": &" + QByteArray(1, level) + " [";
            for (int i = 0; i < 9; ++i)
                bomb += QByteArray(i ? "," : "") + "*" + QByteArray(1, previous);
            bomb += "]\n";
        }
        const auto document = readYaml(bomb);
        QVERIFY(!document);
        QVERIFY2(document.error().message.contains(QStringLiteral("excessive aliasing")),
                 qPrintable(document.error().message));
    }

    void acceptsModestAliasUse()
    {
        QByteArray yaml = "base: &b {server: x}\nlist:\n";
        for (int i = 0; i < 200; ++i)
            yaml += "- *b\n";
        QVERIFY(readYaml(yaml));
    }

    void refusesExtremeNesting()
    {
        const QByteArray deep = QByteArray(20000, '[') + QByteArray(20000, ']');
        const auto document = readYaml(deep);
        QVERIFY(!document);
        QVERIFY2(document.error().message.contains(QStringLiteral("nesting deeper")),
                 qPrintable(document.error().message));
    }

    void largeMappingsStayFastAndKeepOrder()
    {
        QByteArray yaml;
        for (int i = 0; i < 50000; ++i)
            yaml += "k" + QByteArray::number(i) + ": " + QByteArray::number(i) + "\n";
        yaml += "k7: last\n";
        const auto document = readYaml(yaml);
        QVERIFY(document);
        const auto &members = *document->root.mapping();
        QCOMPARE(qsizetype(members.size()), 50000);
        QCOMPARE(members[7].first, QStringLiteral("k7"));
        QCOMPARE(*members[7].second.string(), QStringLiteral("last"));
        QCOMPARE(members[49999].first, QStringLiteral("k49999"));
    }

    void marksPointAtTheValue()
    {
        const auto document = readYaml("a:\n  b: [1, 'two']\n");
        QVERIFY(document);
        const YamlValue &list = *document->root.member(u"a")->member(u"b");
        QCOMPARE(list.mark.line, 2);
        QCOMPARE(list.mark.column, 6);
        QCOMPARE(list.sequence()->at(1).mark.column, 10);
    }
};

QTEST_GUILESS_MAIN(TestYamlReader)
#include "test_yaml_reader.moc"
