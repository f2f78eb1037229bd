#include "cli_runner.h"
#include "kubectl.h"
#include "test_files.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using kubestrap::test::runCli;

// kubestrap-cli completion: what `__complete` offers for each kind of word, and the scripts as
// bash and zsh themselves run them against the built program.
class TestCompletion : public QObject {
    Q_OBJECT

    QTemporaryDir home;
    QString kubeconfig;

    static QStringList offered(const QStringList &words)
    {
        const auto result = runCli(QStringList{QStringLiteral("__complete")} + words);
        return result.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

    // `script` run by `shell` with HOME in our directory; its standard output.
    QString runShell(const QString &shell, const QString &script)
    {
        const QString program = QStandardPaths::findExecutable(shell);
        if (program.isEmpty())
            return {};
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HOME"), home.path());
        environment.insert(QStringLiteral("KUBECONFIG"), kubeconfig);
        process.setProcessEnvironment(environment);
        process.start(program, {QStringLiteral("-c"), script});
        if (!process.waitForFinished(20000))
            return QStringLiteral("(timed out)");
        return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    }

private Q_SLOTS:
    // Written without a raw string: moc would read the URL's "//" as a comment.
    void initTestCase()
    {
        kubeconfig = home.filePath(QStringLiteral("config"));
        QVERIFY(kubestrap::test::writeFile(
            kubeconfig, "apiVersion: v1\n"
                        "kind: Config\n"
                        "clusters:\n"
                        "- name: c\n"
                        "  cluster: {server: \"https://127.0.0.1:1\"}\n"
                        "users:\n"
                        "- name: u\n"
                        "  user: {token: t}\n"
                        "contexts:\n"
                        "- name: arn:aws:eks:eu-west-1:123456789012:cluster/prod\n"
                        "  context: {cluster: c, user: u}\n"
                        "- name: staging\n"
                        "  context: {cluster: c, user: u}\n"
                        "current-context: staging\n"));
        qputenv("KUBECONFIG", kubeconfig.toUtf8());
    }

    void commandsThenTheirChildren()
    {
        QVERIFY(offered({QString()}).contains(QStringLiteral("bootstrap")));
        QVERIFY(!offered({QString()}).contains(QStringLiteral("__complete")));
        QCOMPARE(offered({QStringLiteral("c")}),
                 (QStringList{QStringLiteral("ca-hash"), QStringLiteral("cluster-info"),
                              QStringLiteral("completion"), QStringLiteral("csr")}));
        QCOMPARE(offered({QStringLiteral("csr"), QString()}),
                 (QStringList{QStringLiteral("approve"), QStringLiteral("deny"),
                              QStringLiteral("list"), QStringLiteral("show")}));
        // Global options before the command do not stop the walk down the tree.
        QCOMPARE(offered({QStringLiteral("--context"), QStringLiteral("staging"),
                          QStringLiteral("rbac"), QStringLiteral("w")}),
                 (QStringList{QStringLiteral("what-can"), QStringLiteral("who-can")}));
    }

    void aCommandsOwnOptionsAndTheirValues()
    {
        const QStringList options =
            offered({QStringLiteral("rbac"), QStringLiteral("can-i"), QStringLiteral("--")});
        for (const char *option : {"--as", "--as-group", "--explain", "--namespace", "--context",
                                   "--request-timeout", "--help"})
            QVERIFY2(options.contains(QLatin1String(option)), option);
        QCOMPARE(offered({QStringLiteral("csr"), QStringLiteral("list"), QStringLiteral("-o"),
                          QString()}),
                 (QStringList{QStringLiteral("wide"), QStringLiteral("json")}));
        QCOMPARE(offered({QStringLiteral("kubeconfig"), QStringLiteral("view"),
                          QStringLiteral("--output"), QStringLiteral("j")}),
                 QStringList{QStringLiteral("json")});
        // A positional argument or a file: nothing, and the shell completes file names.
        QVERIFY(offered({QStringLiteral("csr"), QStringLiteral("show"), QString()}).isEmpty());
        QVERIFY(offered({QStringLiteral("csr"), QStringLiteral("list"),
                         QStringLiteral("--kubeconfig"), QString()})
                    .isEmpty());
    }

    void contextNamesFromTheKubeconfig()
    {
        QCOMPARE(offered({QStringLiteral("whoami"), QStringLiteral("--context"), QString()}),
                 (QStringList{QStringLiteral("arn:aws:eks:eu-west-1:123456789012:cluster/prod"),
                              QStringLiteral("staging")}));
        QCOMPARE(offered({QStringLiteral("--context"), QStringLiteral("s")}),
                 QStringList{QStringLiteral("staging")});
        // --kubeconfig given first names the file the contexts come from.
        QVERIFY(offered({QStringLiteral("--kubeconfig"), home.filePath(QStringLiteral("none")),
                         QStringLiteral("whoami"), QStringLiteral("--context"), QString()})
                    .isEmpty());
    }

    void theScriptsAndTheirErrors()
    {
        QVERIFY(runCli({QStringLiteral("completion"), QStringLiteral("bash")})
                    .out.contains(QStringLiteral("complete -o default -F _kubestrap_cli")));
        QVERIFY(runCli({QStringLiteral("completion"), QStringLiteral("zsh")})
                    .out.startsWith(QStringLiteral("#compdef kubestrap-cli")));
        const auto fish = runCli({QStringLiteral("completion"), QStringLiteral("fish")});
        QCOMPARE(fish.code, 2);
        QVERIFY2(fish.err.contains(QStringLiteral("no completion for 'fish' (bash, zsh)")),
                 qPrintable(fish.err));
    }

    // bash runs the script: the function it registers fills COMPREPLY from the program.
    void bashCompletesWithTheScript()
    {
        const QString cli = QStringLiteral(KUBESTRAP_CLI);
        const QString script =
            QStringLiteral("source <('%1' completion bash) || exit 9\n"
                           "complete -p kubestrap-cli\n"
                           "COMP_WORDS=('%1' csr list -o ''); COMP_CWORD=4; _kubestrap_cli\n"
                           "printf 'reply:%s\\n' \"${COMPREPLY[@]}\"\n"
                           "COMP_WORDS=('%1' tok); COMP_CWORD=1; _kubestrap_cli\n"
                           "printf 'reply:%s\\n' \"${COMPREPLY[@]}\"\n")
                .arg(cli);
        const QString out = runShell(QStringLiteral("bash"), script);
        QVERIFY2(
            out.contains(QStringLiteral("complete -o default -F _kubestrap_cli kubestrap-cli")),
            qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("reply:wide\nreply:json\nreply:token\n")),
                 qPrintable(out));
    }

    // zsh, when installed (scripts/setup installs it), at least parses the script and defines
    // the function; its completion system needs a terminal to go further.
    void zshReadsTheScript()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("zsh")).isEmpty())
            QSKIP("zsh is not installed");
        const QString out =
            runShell(QStringLiteral("zsh"),
                     QStringLiteral("autoload -Uz compinit && compinit -u -d \"$HOME/.zcompdump\"\n"
                                    "source <('%1' completion zsh) || exit 9\n"
                                    "whence -w _kubestrap_cli\n"
                                    "print -r -- \"defined:${_comps[kubestrap-cli]}\"\n")
                         .arg(QStringLiteral(KUBESTRAP_CLI)));
        QVERIFY2(out.contains(QStringLiteral("_kubestrap_cli: function"))
                     && out.contains(QStringLiteral("defined:_kubestrap_cli")),
                 qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestCompletion)
#include "test_completion.moc"
