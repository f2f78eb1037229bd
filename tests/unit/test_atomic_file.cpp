#include "atomic_file.h"
#include "test_files.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QProcess>
#include <QtConcurrent/QtConcurrentRun>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

using namespace kubestrap;

class TestAtomicFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newFileIsPrivate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/kubeconfig"));
        const auto written = writeFileAtomically(path, "hello");
        QVERIFY(written);
        QCOMPARE(kubestrap::test::readFile(path), QByteArray("hello"));
        QCOMPARE(kubestrap::test::unixMode(path), 0600u);
        QVERIFY(written->backupPath.isEmpty());
        QCOMPARE(
            QDir(dir.filePath(QStringLiteral("sub"))).entryList(QDir::Files | QDir::Hidden).size(),
            1);
    }

    void replacingKeepsABackupAndTightensTheMode()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        QVERIFY(kubestrap::test::writeFile(path, "old"));
        QVERIFY(
            QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        const auto written = writeFileAtomically(path, "new");
        QVERIFY(written);
        QCOMPARE(kubestrap::test::readFile(path), QByteArray("new"));
        QCOMPARE(kubestrap::test::readFile(written->backupPath), QByteArray("old"));
        QCOMPARE(kubestrap::test::unixMode(path), 0600u);
        QCOMPARE(kubestrap::test::unixMode(written->backupPath), 0600u);
    }

    void refusesToReplaceWhenAskedNotTo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        QVERIFY(kubestrap::test::writeFile(path, "mine"));
        FileWriteOptions options;
        options.replaceExisting = false;
        const auto written = writeFileAtomically(path, "theirs", options);
        QVERIFY(!written);
        QVERIFY(written.error().message.contains(QStringLiteral("already exists")));
        QCOMPARE(kubestrap::test::readFile(path), QByteArray("mine"));
    }

    void doesNotWriteThroughALinkUnlessAsked()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("real"));
        const QString link = dir.filePath(QStringLiteral("link"));
        QVERIFY(kubestrap::test::writeFile(target, "real"));
        QVERIFY(QFile::link(target, link));
        auto written = writeFileAtomically(link, "changed");
        QVERIFY(!written);
        QVERIFY(written.error().message.contains(QStringLiteral("symbolic link")));
        QCOMPARE(kubestrap::test::readFile(target), QByteArray("real"));

        FileWriteOptions options;
        options.followSymlink = true;
        written = writeFileAtomically(link, "changed", options);
        QVERIFY(written);
        QCOMPARE(written->path, target);
        QCOMPARE(kubestrap::test::readFile(target), QByteArray("changed"));
        QVERIFY(QFileInfo(link).isSymLink()); // the link itself is kept
    }

    void aChainOfLinksIsFollowedToItsEnd()
    {
        // As stow and home-manager make them: ~/.kube/config -> dotfiles/kube/config -> store.
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("store-config"));
        QVERIFY(kubestrap::test::writeFile(target, "real"));
        QVERIFY(QFile::link(target, dir.filePath(QStringLiteral("middle"))));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("middle")),
                            dir.filePath(QStringLiteral("config"))));
        auto refused = writeFileAtomically(dir.filePath(QStringLiteral("config")), "x");
        QVERIFY(!refused);
        QCOMPARE(refused.error().detail, QLatin1String(kSymlinkRefused));
        QVERIFY2(refused.error().message.contains(target), qPrintable(refused.error().message));
        FileWriteOptions options;
        options.followSymlink = true;
        const auto written =
            writeFileAtomically(dir.filePath(QStringLiteral("config")), "new", options);
        QVERIFY(written);
        QCOMPARE(written->path, target);
        QCOMPARE(kubestrap::test::readFile(target), QByteArray("new"));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("middle"))).isSymLink());
    }

    void neverOverwriteHoldsEvenIfTheFileAppearsMeanwhile()
    {
        // The check before the write passes; a file appears; the placing itself must refuse.
        // Many writers race for one name: exactly one wins, the others are told it exists.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("export.kubeconfig"));
        FileWriteOptions options;
        options.replaceExisting = false;
        std::vector<QFuture<bool>> writers;
        for (int i = 0; i < 16; ++i)
            writers.push_back(QtConcurrent::run([path, options, i] {
                return bool(writeFileAtomically(path, QByteArray::number(i), options));
            }));
        int won = 0;
        for (auto &writer : writers)
            won += writer.result() ? 1 : 0;
        QCOMPARE(won, 1);
        // Nothing else is left in the folder: no temporaries of the losers.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void twoWritersInOneProcessDoNotMeet()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        std::vector<QFuture<bool>> writers;
        for (int i = 0; i < 16; ++i)
            writers.push_back(QtConcurrent::run([path, i] {
                FileWriteOptions options;
                options.keepBackup = false;
                return bool(writeFileAtomically(path, QByteArray(1000, char('a' + i)), options));
            }));
        for (auto &writer : writers)
            QVERIFY(writer.result());
        const QByteArray last = kubestrap::test::readFile(path);
        QCOMPARE(last.size(), 1000);
        QCOMPARE(last.count(last.at(0)), 1000); // one writer's whole content, not a mix
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void temporariesOfDeadWritersAreRemoved()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        // A writer killed between creating its temporary and renaming it: a process that has
        // exited, so its id is free. And one of a writer still running (this process's parent).
        QProcess dead;
        dead.start(QStringLiteral("true"));
        QVERIFY(dead.waitForStarted());
        const qint64 deadPid = dead.processId();
        QVERIFY(dead.waitForFinished());
        const QString left =
            dir.filePath(QStringLiteral(".config.kubestrap-%1-00000000deadbeef.tmp").arg(deadPid));
        const QString live = dir.filePath(
            QStringLiteral(".config.kubestrap-%1-00000000cafef00d.tmp").arg(getppid()));
        QVERIFY(kubestrap::test::writeFile(left, "secret"));
        QVERIFY(kubestrap::test::writeFile(live, "in progress"));
        QVERIFY(writeFileAtomically(path, "new"));
        QVERIFY(!QFile::exists(left));
        QVERIFY(QFile::exists(live));
    }

    void theOwnerIsKeptWhereTheProcessMayKeepIt()
    {
        if (geteuid() != 0)
            QSKIP("only root can give a file to someone else (as under sudo)");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        QVERIFY(kubestrap::test::writeFile(path, "old"));
        QCOMPARE(::chown(QFile::encodeName(path).constData(), 1234, 5678), 0);
        const auto written = writeFileAtomically(path, "new");
        QVERIFY(written);
        for (const QString &file : {path, written->backupPath}) {
            struct stat status {};
            QCOMPARE(::stat(QFile::encodeName(file).constData(), &status), 0);
            QCOMPARE(status.st_uid, uid_t(1234));
            QCOMPARE(status.st_gid, gid_t(5678));
        }
    }

    void lockIsExclusiveAndReleased()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        {
            auto first = KubeconfigLock::acquire(path);
            QVERIFY(first);
            QVERIFY(QFile::exists(path + QStringLiteral(".lock")));
            QElapsedTimer timer;
            timer.start();
            auto second = KubeconfigLock::acquire(path, std::chrono::milliseconds(300));
            QVERIFY(!second);
            QVERIFY(timer.elapsed() >= 300);
            QVERIFY(second.error().message.contains(
                QStringLiteral("being changed by another program")));
        }
        QVERIFY(!QFile::exists(path + QStringLiteral(".lock")));
        QVERIFY(KubeconfigLock::acquire(path));
    }

    void staleLockIsReportedAtOnce()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        const QString lock = path + QStringLiteral(".lock");
        QVERIFY(kubestrap::test::writeFile(lock, {}));
        const utimbuf hourAgo{::time(nullptr) - 3600, ::time(nullptr) - 3600};
        QCOMPARE(::utime(QFile::encodeName(lock).constData(), &hourAgo), 0);
        QElapsedTimer timer;
        timer.start();
        const auto acquired = KubeconfigLock::acquire(path);
        QVERIFY(!acquired);
        QVERIFY(timer.elapsed() < 1000);
        QVERIFY2(acquired.error().message.contains(QStringLiteral("delete")),
                 qPrintable(acquired.error().message));
        QVERIFY(QFile::exists(lock)); // not ours to remove
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "test_atomic_file.moc"
