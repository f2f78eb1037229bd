#include "cli_runner.h"
#include "tab_writer.h"
#include "version.h"

#include <QTest>

using namespace kubestrap::cli;

using kubestrap::test::runCli;

class TestCliCommands : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void columnsAlignAsGosTabwriter()
    {
        // kubeadm's (minwidth 10, padding 3): short columns take 10, longer ones their widest
        // cell and 3; the last column is left as it is.
        QCOMPARE(
            tabulate({{QStringLiteral("ID"), QStringLiteral("DESCRIPTION"), QStringLiteral("LAST")},
                      {QStringLiteral("abcdef"), QStringLiteral("x"), QStringLiteral("y")}}),
            QStringLiteral("ID        DESCRIPTION   LAST\n"
                           "abcdef    x             y\n"));
    }

    void versionFlagPrintsProgramAndVersion()
    {
        const auto result = runCli({QStringLiteral("--version")});
        QCOMPARE(result.code, int(Success));
        QCOMPARE(result.out,
                 QStringLiteral("kubestrap-cli %1\n").arg(QLatin1String(kubestrap::kVersion)));
        QVERIFY(result.err.isEmpty());
    }

    void versionCommandNamesTheLibraries()
    {
        const auto result = runCli({QStringLiteral("version")});
        QCOMPARE(result.code, int(Success));
        QVERIFY2(result.out.startsWith(
                     QStringLiteral("Kubestrap %1 (Qt ").arg(QLatin1String(kubestrap::kVersion))),
                 qPrintable(result.out));
        QVERIFY2(result.out.contains(QStringLiteral("OpenSSL 3")), qPrintable(result.out));
    }

    void helpListsEveryCommandUnderTheProgramName()
    {
        const auto result = runCli({QStringLiteral("--help")});
        QCOMPARE(result.code, int(Success));
        QVERIFY(result.out.startsWith(QStringLiteral("Usage: kubestrap-cli <command>")));
        for (const Command &command : rootCommand().children)
            QVERIFY2(result.out.contains(QStringLiteral("  ") + command.name),
                     qPrintable(command.name));
    }

    void noCommandIsAUsageError()
    {
        const auto result = runCli({});
        QCOMPARE(result.code, int(UsageError));
        QVERIFY(result.out.isEmpty());
        QVERIFY(result.err.contains(QStringLiteral("Commands:")));
    }

    void unknownCommandIsNamed()
    {
        const auto result = runCli({QStringLiteral("tokn")});
        QCOMPARE(result.code, int(UsageError));
        QVERIFY2(result.err.startsWith(QStringLiteral("kubestrap-cli: unknown command 'tokn'")),
                 qPrintable(result.err));
    }

    void leafHelpUsesTheFullCommandName()
    {
        const auto result = runCli({QStringLiteral("version"), QStringLiteral("--help")});
        QCOMPARE(result.code, int(Success));
        QVERIFY2(result.out.contains(QStringLiteral("kubestrap-cli version [options]")),
                 qPrintable(result.out));
    }

    void leafRejectsUnknownOptionsAndExtraArguments()
    {
        auto result = runCli({QStringLiteral("version"), QStringLiteral("--frobnicate")});
        QCOMPARE(result.code, int(UsageError));
        QVERIFY2(result.err.contains(QStringLiteral("frobnicate")), qPrintable(result.err));

        result = runCli({QStringLiteral("version"), QStringLiteral("extra")});
        QCOMPARE(result.code, int(UsageError));
        QVERIFY2(result.err.contains(QStringLiteral("unexpected argument 'extra'")),
                 qPrintable(result.err));
        QVERIFY(result.out.isEmpty());
    }

    void groupsDispatchToTheirChildren()
    {
        // A nested group, as "kubeconfig view" and "token create" will be.
        QStringList seen;
        const Command group{QStringLiteral("tool"),
                            QStringLiteral("A group"),
                            {},
                            {{QStringLiteral("inner"),
                              QStringLiteral("A leaf"),
                              [&seen](const QStringList &args, Io &) {
                                  seen = args;
                                  return 7;
                              },
                              {}}}};
        QString out;
        QString err;
        QTextStream outStream(&out);
        QTextStream errStream(&err);
        Io io{outStream, errStream};
        QCOMPARE(group.dispatch({QStringLiteral("tool"), QStringLiteral("inner"),
                                 QStringLiteral("--flag"), QStringLiteral("value")},
                                io),
                 7);
        QCOMPARE(seen, (QStringList{QStringLiteral("tool inner"), QStringLiteral("--flag"),
                                    QStringLiteral("value")}));
    }
};

QTEST_GUILESS_MAIN(TestCliCommands)
#include "test_cli_commands.moc"
