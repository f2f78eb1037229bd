#include "atomic_file.h"
#include "test_files.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

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
