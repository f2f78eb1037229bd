#include "configmap_sources.h"
#include "kubectl.h"
#include "kubectl_command.h"
#include "test_files.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;
using configmaps::Source;

namespace {

const char *kOfflineKubeconfig = "apiVersion: v1\nkind: Config\n"
                                 "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\n"
                                 "users: [{name: u, user: {token: x}}]\n"
                                 "contexts: [{name: c, context: {cluster: c, user: u}}]\n"
                                 "current-context: c\n";

// "--from-file=…" as the dialog would hand it over.
Source sourceOf(const QString &flag)
{
    const QString argument = flag.section(QLatin1Char('='), 1);
    if (flag.startsWith(QLatin1String("--from-literal=")))
        return {Source::Kind::Literal, argument};
    if (flag.startsWith(QLatin1String("--from-env-file=")))
        return {Source::Kind::EnvFile, argument};
    return {Source::Kind::File, argument};
}

// data and binaryData only: what the sources decide.
QJsonObject keysOf(const QJsonObject &configMap)
{
    QJsonObject keys;
    for (const char *field : {"data", "binaryData"})
        if (configMap.contains(QLatin1String(field)))
            keys.insert(QLatin1String(field), configMap.value(QLatin1String(field)));
    return keys;
}

} // namespace

// A ConfigMap from literals, files, folders and env files makes what `kubectl create configmap`
// makes from the same flags, and refuses what it refuses in its words. Every row's expectation is
// what kubectl 1.32 printed; where kubectl is installed the row is also run through it.
class TestConfigMapSources : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    QString kubeconfig;

    void write(const QString &name, const QByteArray &bytes)
    {
        QVERIFY(QDir(dir.path()).mkpath(QFileInfo(dir.filePath(name)).path()));
        QVERIFY(test::writeFile(dir.filePath(name), bytes));
    }

private Q_SLOTS:
    void initTestCase()
    {
        kubeconfig = dir.filePath(QStringLiteral("offline"));
        QVERIFY(test::writeFile(kubeconfig, kOfflineKubeconfig));
        write(QStringLiteral("folder/one"), "a\n");
        write(QStringLiteral("folder/.hidden"), "h\n");
        write(QStringLiteral("folder/bin"), "\xff\xfe");
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("folder/sub")));
        write(QStringLiteral("folder/sub/deeper"), "not read\n");
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("folder/one")),
                            dir.filePath(QStringLiteral("folder/link"))));
        write(QStringLiteral("bad/bad name"), "z\n");
        write(QStringLiteral("crlf"), "a\r\nb");
        write(QStringLiteral("app.env"),
              "\xef\xbb\xbf"
              "A=1\r\n# a comment\n\n  B= 2 \nFROM_ENV\nUNSET\nD=\"q\"\n\t#x\nE=a=b\n");
        write(QStringLiteral("more.env"), "F=1\nA=9\n");
        write(QStringLiteral("latin1.env"), "A=\xff\n");
        write(QStringLiteral("export.env"), "export X=1\n");
        write(QStringLiteral("dotdot.env"), "../x=1\n");
    }

    void kubectlsRulesAndWords_data()
    {
        QTest::addColumn<QStringList>("flags"); // "@" stands for the test's folder
        QTest::addColumn<QByteArray>("made");   // data and binaryData as JSON, or
        QTest::addColumn<QString>("error");     // what kubectl says, after "error: "
        const auto row = [](const char *name, std::initializer_list<const char *> flags,
                            const char *made, const char *error = "") {
            QStringList given;
            for (const char *flag : flags)
                given << QString::fromUtf8(flag);
            QTest::newRow(name) << given << QByteArray(made) << QString::fromUtf8(error);
        };
        const QByteArray longKey(254, 'k');
        const QByteArray longLiteral = "--from-literal=" + longKey + "=1";
        row("folder: regular files, hidden ones too, binary apart", {"--from-file=@/folder"},
            "{\"binaryData\":{\"bin\":\"//4=\"},\"data\":{\".hidden\":\"h\\n\",\"one\":\"a\\n\"}}");
        row("keys for files", {"--from-file=k=@/folder/one", "--from-file=k2=@/folder/bin"},
            "{\"binaryData\":{\"k2\":\"//4=\"},\"data\":{\"k\":\"a\\n\"}}");
        row("a link to a file is read", {"--from-file=@/folder/link"},
            "{\"data\":{\"link\":\"a\\n\"}}");
        row("CRLF kept", {"--from-file=@/crlf"}, "{\"data\":{\"crlf\":\"a\\r\\nb\"}}");
        row("literals keep quotes and '='", {"--from-literal=a=\"b\"", "--from-literal=c=x=y"},
            "{\"data\":{\"a\":\"\\\"b\\\"\",\"c\":\"x=y\"}}");
        row("empty literal", {"--from-literal=a="}, "{\"data\":{\"a\":\"\"}}");
        row("env file", {"--from-env-file=@/app.env"},
            "{\"data\":{\"A\":\"1\",\"B\":\" 2 "
            "\",\"D\":\"\\\"q\\\"\",\"E\":\"a=b\",\"FROM_ENV\":\"5\",\"UNSET\":\"\"}}");
        row("a folder with a bad name", {"--from-file=@/bad"}, "",
            "\"bad name\" is not a valid key name for a ConfigMap: a valid config key must "
            "consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
            "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
        row("a key for a folder", {"--from-file=k=@/folder"}, "",
            "cannot give a key name for a directory path");
        row("the same file twice", {"--from-file=@/folder/one", "--from-file=@/folder/one"}, "",
            "cannot add key \"one\", another key by that name already exists in Data for "
            "ConfigMap \"x\"");
        row("files before literals", {"--from-literal=a=1", "--from-file=a=@/folder/bin"}, "",
            "cannot add key \"a\", another key by that name already exists in BinaryData for "
            "ConfigMap \"x\"");
        row("no '=' in a literal", {"--from-literal=x"}, "",
            "invalid literal source x, expected key=value");
        row("no key in a literal", {"--from-literal==x"}, "",
            "invalid literal source =x, expected key=value");
        row("two '=' in a file source", {"--from-file=a=b=c"}, "",
            "key names or file paths cannot contain '='");
        row("no key for a file", {"--from-file==@/crlf"}, "",
            "key name for file path @/crlf missing");
        row("no file for a key", {"--from-file=k="}, "", "file path for key name k missing");
        row("a missing file", {"--from-file=@/nothing"}, "",
            "error reading @/nothing: no such file or directory");
        row("'..' first", {"--from-literal=../x=1"}, "",
            "\"../x\" is not a valid key name for a ConfigMap: a valid config key must consist "
            "of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or "
            "'key-name', regex used for validation is '[-._a-zA-Z0-9]+'),must not start with "
            "'..'");
        row("'.'", {"--from-literal=.=1"}, "",
            "\".\" is not a valid key name for a ConfigMap: must not be '.'");
        row("254 characters", {longLiteral.constData()}, "",
            ("\"" + longKey
             + "\" is not a valid key name for a ConfigMap: must be no more than 253 characters")
                .constData());
        row("env file with others", {"--from-env-file=@/app.env", "--from-literal=z=1"}, "",
            "from-env-file cannot be combined with from-file or from-literal");
        row("two env files, one key twice",
            {"--from-env-file=@/app.env", "--from-env-file=@/more.env"}, "",
            "cannot add key \"A\", another key by that name already exists in Data for "
            "ConfigMap \"x\"");
        row("env file not UTF-8", {"--from-env-file=@/latin1.env"}, "",
            "env file @/latin1.env contains invalid utf8 bytes at line 1: [65 61 255]");
        row("export in an env file", {"--from-env-file=@/export.env"}, "",
            "\"export X\" is not a valid key name: a valid environment variable name must "
            "consist of alphabetic characters, digits, '_', '-', or '.', and must not start with "
            "a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for "
            "validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')");
        row("'..' in an env file", {"--from-env-file=@/dotdot.env"}, "",
            "\"../x\" is not a valid key name: a valid environment variable name must consist "
            "of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit "
            "(e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for "
            "validation is '[-._a-zA-Z][-._a-zA-Z0-9]*');must not start with '..'");
        row("a folder as env file", {"--from-env-file=@/folder"}, "",
            "env config file cannot be a directory");
    }

    void kubectlsRulesAndWords()
    {
        QFETCH(QStringList, flags);
        QFETCH(QByteArray, made);
        QFETCH(QString, error);
        flags.replaceInStrings(QStringLiteral("@"), dir.path());
        error.replace(QLatin1Char('@'), dir.path());
        QList<Source> sources;
        for (const QString &flag : flags)
            sources << sourceOf(flag);
        const auto environment = [](const QString &name) -> std::optional<QString> {
            if (name == QLatin1String("FROM_ENV"))
                return QStringLiteral("5");
            return std::nullopt;
        };
        const auto built = configmaps::fromSources(QStringLiteral("x"), {}, sources, environment);
        const QJsonObject expected = QJsonDocument::fromJson(made).object();
        if (error.isEmpty()) {
            QVERIFY2(built, qPrintable(built ? QString() : built.error().message));
            QCOMPARE(keysOf(*built), expected);
        } else {
            QVERIFY(!built);
            QCOMPARE(built.error().message, error);
        }

        if (test::findKubectl().isEmpty())
            QSKIP("kubectl is not installed: the row was not run through it");
        QProcessEnvironment extra;
        extra.insert(QStringLiteral("FROM_ENV"), QStringLiteral("5"));
        const auto ran = test::runInShell(kubectl::createConfigMap(QStringLiteral("x"), {}, flags)
                                              + QStringLiteral(" --dry-run=client -o json"),
                                          kubeconfig, extra);
        if (error.isEmpty()) {
            QCOMPARE(ran.exitCode, 0);
            QCOMPARE(keysOf(QJsonDocument::fromJson(ran.out).object()), expected);
        } else {
            QVERIFY(ran.exitCode != 0);
            QCOMPARE(QString::fromUtf8(ran.err).trimmed(), QStringLiteral("error: ") + error);
        }
    }

    void theNamespaceIsSet()
    {
        const auto built =
            configmaps::fromSources(QStringLiteral("app"), QStringLiteral("shop"),
                                    {{Source::Kind::Literal, QStringLiteral("a=1")}});
        QVERIFY(built);
        QCOMPARE(built->value(QStringLiteral("metadata")).toObject(),
                 (QJsonObject{{QStringLiteral("name"), QStringLiteral("app")},
                              {QStringLiteral("namespace"), QStringLiteral("shop")}}));
        QCOMPARE(built->value(QStringLiteral("kind")).toString(), QStringLiteral("ConfigMap"));
    }

    // kubectl reads any size and lets the server refuse; a file too big for any ConfigMap is
    // refused before it is read, and so are keys that add up to more than 1 MiB.
    void moreThanTheServerTakesIsRefused()
    {
        write(QStringLiteral("big/part1"), QByteArray(600 * 1024, 'a'));
        write(QStringLiteral("big/part2"), QByteArray(600 * 1024, 'b'));
        write(QStringLiteral("huge"), QByteArray(1024 * 1024 + 1, 'c'));
        const auto folder = configmaps::fromSources(
            QStringLiteral("x"), {}, {{Source::Kind::File, dir.filePath(QStringLiteral("big"))}});
        QVERIFY(!folder);
        QVERIFY2(folder.error().message.contains(QLatin1String("at most")),
                 qPrintable(folder.error().message));
        const auto file = configmaps::fromSources(
            QStringLiteral("x"), {}, {{Source::Kind::File, dir.filePath(QStringLiteral("huge"))}});
        QVERIFY(!file);
        QVERIFY2(file.error().message.contains(dir.filePath(QStringLiteral("huge"))),
                 qPrintable(file.error().message));
    }
};

QTEST_GUILESS_MAIN(TestConfigMapSources)
#include "test_configmap_sources.moc"
