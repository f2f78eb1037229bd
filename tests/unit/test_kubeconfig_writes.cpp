#include "kubectl.h"
#include "test_files.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using kubestrap::test::readFile;
using kubestrap::test::runProcess;
using kubestrap::test::writeFile;

namespace {

const QByteArray kConfig =
    "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: c\n"
    "  cluster:\n    server: https://127.0.0.1:6443\ncontexts:\n- name: c\n"
    "  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user:\n"
    "    token: t\n";

} // namespace

// kubestrap-cli writing kubeconfigs where people keep them: behind a chain of links (stow,
// home-manager), and bind-mounted into a container as a single file.
class TestKubeconfigWrites : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

    kubestrap::test::ProcessResult cli(const QStringList &arguments, const QString &wrapper = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), dir.path());
        if (wrapper.isEmpty())
            return runProcess(QStringLiteral(KUBESTRAP_CLI), arguments, dir.path(), env);
        // A user and mount namespace of its own, where the bind mount is made before the CLI runs.
        const QStringList wrapped =
            QStringList{QStringLiteral("-rm"), QStringLiteral("sh"), QStringLiteral("-c"),
                        wrapper + QStringLiteral(" && exec \"$0\" \"$@\""),
                        QStringLiteral(KUBESTRAP_CLI)}
            + arguments;
        return runProcess(QStringLiteral("unshare"), wrapped, dir.path(), env);
    }

private Q_SLOTS:
    void aLinkedKubeconfigIsWrittenAtItsEndOnlyWhenAsked()
    {
        const QString store = dir.filePath(QStringLiteral("store-config"));
        const QString config = dir.filePath(QStringLiteral("linked-config"));
        QVERIFY(writeFile(store, kConfig));
        QVERIFY(QFile::link(store, dir.filePath(QStringLiteral("dotfiles-config"))));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("dotfiles-config")), config));
        const QStringList setNamespace{QStringLiteral("--kubeconfig"), config,
                                       QStringLiteral("kubeconfig"),
                                       QStringLiteral("set-namespace"), QStringLiteral("apps")};
        const auto refused = cli(setNamespace);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("is a symbolic link to " + store.toUtf8()),
                 refused.err.constData());
        QCOMPARE(readFile(store), kConfig);
        const auto followed = cli(setNamespace + QStringList{QStringLiteral("--follow-symlinks")});
        QVERIFY2(followed.exitCode == 0, followed.err.constData());
        QVERIFY(readFile(store).contains("namespace: apps"));
        QVERIFY(QFileInfo(config).isSymLink());
    }

    void aBindMountedKubeconfigIsRewrittenInPlaceAndSaysSo()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("unshare")).isEmpty())
            QSKIP("unshare (util-linux) is not installed: it makes the bind mount");
        const QString source = dir.filePath(QStringLiteral("host-config"));
        const QString mounted = dir.filePath(QStringLiteral("container-config"));
        QVERIFY(writeFile(source, kConfig));
        QVERIFY(writeFile(mounted, ""));
        const auto probe = cli({QStringLiteral("version")},
                               QStringLiteral("mount --bind '%1' '%2'").arg(source, mounted));
        if (probe.exitCode != 0)
            QSKIP(qPrintable(QStringLiteral("no bind mounts here (a user and mount namespace "
                                            "are needed): ")
                             + QString::fromUtf8(probe.err)));
        const auto written =
            cli({QStringLiteral("--kubeconfig"), mounted, QStringLiteral("kubeconfig"),
                 QStringLiteral("set-namespace"), QStringLiteral("apps")},
                QStringLiteral("mount --bind '%1' '%2'").arg(source, mounted));
        QVERIFY2(written.exitCode == 0, written.err.constData());
        QVERIFY2(written.err.contains("is a mount point of its own (bind-mounted), so it cannot "
                                      "be replaced atomically: it was rewritten in place"),
                 written.err.constData());
        // Through the mount, the host's file changed: the container's view of it was kept.
        QVERIFY2(readFile(source).contains("namespace: apps"), readFile(source).constData());
        QCOMPARE(kubestrap::test::unixMode(source), 0600u);
    }
};

QTEST_GUILESS_MAIN(TestKubeconfigWrites)
#include "test_kubeconfig_writes.moc"
