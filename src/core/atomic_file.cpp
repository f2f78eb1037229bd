#include "atomic_file.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::writeFileAtomically", text);
}

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// Closes a descriptor on every path out of a function.
class Descriptor {
public:
    explicit Descriptor(int fd) : fd(fd) {}
    ~Descriptor()
    {
        if (fd >= 0)
            ::close(fd);
    }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    int get() const { return fd; }
    int release() { return std::exchange(fd, -1); }

private:
    int fd;
};

bool writeAll(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

// Creates `path` exclusively with mode 0600 and fills it; fsynced before it is closed.
Result<void> writeNewFile(const QString &path, const QByteArray &bytes)
{
    Descriptor fd(::open(QFile::encodeName(path).constData(),
                         O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0)
        return fail(tr("cannot create %1: %2").arg(path, systemError()));
    if (!writeAll(fd.get(), bytes) || ::fsync(fd.get()) != 0) {
        const QString error = systemError();
        ::unlink(QFile::encodeName(path).constData());
        return fail(tr("cannot write %1: %2").arg(path, error));
    }
    if (::close(fd.release()) != 0) {
        ::unlink(QFile::encodeName(path).constData());
        return fail(tr("cannot write %1: %2").arg(path, systemError()));
    }
    return {};
}

void syncFolder(const QString &folder)
{
    Descriptor fd(
        ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0)
        ::fsync(fd.get()); // best effort: some file systems cannot sync a folder
}

// A name in the same folder that no one else uses, so rename() stays on one file system.
QString temporaryNameFor(const QString &path)
{
    const QFileInfo info(path);
    return info.absoluteDir().filePath(QStringLiteral(".%1.kubestrap-%2.tmp")
                                           .arg(info.fileName())
                                           .arg(QCoreApplication::applicationPid()));
}

Result<void> replace(const QString &temporary, const QString &path)
{
    if (::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData())
        != 0) {
        const QString error = systemError();
        ::unlink(QFile::encodeName(temporary).constData());
        return fail(tr("cannot replace %1: %2").arg(path, error));
    }
    return {};
}

} // namespace

Result<FileWriteReport> writeFileAtomically(const QString &path, const QByteArray &bytes,
                                            const FileWriteOptions &options)
{
    FileWriteReport report{path, {}};
    const QFileInfo link(path);
    if (link.isSymLink()) {
        if (!options.followSymlink)
            return fail(tr("%1 is a symbolic link to %2; Kubestrap does not write through links "
                           "unless asked to")
                            .arg(path, link.symLinkTarget()));
        report.path = link.symLinkTarget();
    }
    const QFileInfo target(report.path);
    if (target.exists() && !target.isFile())
        return fail(tr("%1 exists and is not a regular file").arg(report.path));
    if (target.exists() && !options.replaceExisting)
        return fail(
            tr("%1 already exists; choose another name or allow replacing it").arg(report.path));
    if (!QDir().mkpath(target.absolutePath()))
        return fail(tr("cannot create the folder %1").arg(target.absolutePath()));

    if (target.exists() && options.keepBackup) {
        QFile current(report.path);
        if (!current.open(QIODevice::ReadOnly))
            return fail(
                tr("cannot read %1 to back it up: %2").arg(report.path, current.errorString()));
        const QString backup = report.path + QStringLiteral(".bak");
        const QString temporaryBackup = temporaryNameFor(backup);
        ::unlink(QFile::encodeName(temporaryBackup).constData());
        if (auto ok = writeNewFile(temporaryBackup, current.readAll()); !ok)
            return unexpected(ok.error());
        if (auto ok = replace(temporaryBackup, backup); !ok)
            return unexpected(ok.error());
        report.backupPath = backup;
    }

    const QString temporary = temporaryNameFor(report.path);
    ::unlink(QFile::encodeName(temporary).constData()); // left by a crash of this very process id
    if (auto ok = writeNewFile(temporary, bytes); !ok)
        return unexpected(ok.error());
    if (auto ok = replace(temporary, report.path); !ok)
        return unexpected(ok.error());
    syncFolder(target.absolutePath());
    return report;
}

Result<KubeconfigLock> KubeconfigLock::acquire(const QString &kubeconfigPath,
                                               std::chrono::milliseconds wait,
                                               std::chrono::seconds staleAfter)
{
    const QString lockPath = kubeconfigPath + QStringLiteral(".lock");
    QDir().mkpath(QFileInfo(kubeconfigPath).absolutePath());
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        const int fd = ::open(QFile::encodeName(lockPath).constData(),
                              O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            ::close(fd);
            return KubeconfigLock(lockPath);
        }
        if (errno != EEXIST)
            return fail(tr("cannot create the lock file %1: %2").arg(lockPath, systemError()));

        const QDateTime since = QFileInfo(lockPath).lastModified();
        if (since.isValid() && since.secsTo(QDateTime::currentDateTime()) > staleAfter.count()) {
            return fail(
                tr("%1 is locked by %2, left there %3 by a kubectl or client-go program that "
                   "did not finish. If none is running, delete %2 and try again.")
                    .arg(kubeconfigPath, lockPath, since.toString(Qt::ISODate)));
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return fail(tr("%1 is being changed by another program (it holds %2); try again in a "
                           "moment")
                            .arg(kubeconfigPath, lockPath));
        }
        QThread::msleep(50);
    }
}

KubeconfigLock::KubeconfigLock(KubeconfigLock &&other) noexcept
    : path(std::exchange(other.path, {}))
{
}

KubeconfigLock::~KubeconfigLock()
{
    if (!path.isEmpty())
        ::unlink(QFile::encodeName(path).constData());
}

} // namespace kubestrap
