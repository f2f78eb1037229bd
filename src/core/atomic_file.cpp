#include "atomic_file.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <cstdio>
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

// Fills `fd` with `bytes` and fsyncs it.
bool fill(int fd, const QByteArray &bytes)
{
    return writeAll(fd, bytes) && ::fsync(fd) == 0;
}

// Creates `path` exclusively with mode 0600 (from creation: never readable by others, even for
// a moment) and fills it; fsynced before it is closed. `owner`, when given, is the file's owner
// and group (kept from the file it replaces; only root can change them, so EPERM is ignored).
Result<void> writeNewFile(const QString &path, const QByteArray &bytes,
                          const struct stat *owner = nullptr)
{
    Descriptor fd(::open(QFile::encodeName(path).constData(),
                         O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0)
        return fail(tr("cannot create %1: %2").arg(path, systemError()));
    if (owner)
        (void)::fchown(fd.get(), owner->st_uid, owner->st_gid);
    if (!fill(fd.get(), bytes)) {
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

QString temporaryPrefixFor(const QFileInfo &info)
{
    return QStringLiteral(".%1.kubestrap-").arg(info.fileName());
}

// A name in the same folder that no one else uses (this process's id and a random part, so two
// writers in one process never meet), so that rename() stays on one file system.
QString temporaryNameFor(const QString &path)
{
    const QFileInfo info(path);
    return info.absoluteDir().filePath(
        temporaryPrefixFor(info)
        + QStringLiteral("%1-%2.tmp")
              .arg(QCoreApplication::applicationPid())
              .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0')));
}

// Temporaries of `path` left by writers that died before renaming them (kill -9, a crash, a
// power cut): they hold a secret, so they go. A live writer's are left alone.
void removeLeftTemporaries(const QString &path)
{
    const QFileInfo info(path);
    const QString prefix = temporaryPrefixFor(info);
    const QDir folder = info.absoluteDir();
    for (const QString &name : folder.entryList({prefix + QStringLiteral("*.tmp")},
                                                QDir::Files | QDir::Hidden | QDir::System)) {
        bool numeric = false;
        const qint64 pid =
            name.mid(prefix.size()).section(QLatin1Char('-'), 0, 0).toLongLong(&numeric);
        if (numeric && pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            ::unlink(QFile::encodeName(folder.filePath(name)).constData());
    }
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

// Puts `temporary` at `path` only if nothing is there, in one step: renameat2(RENAME_NOREPLACE),
// or link() where the file system lacks it. Either fails with EEXIST if a file appeared
// meanwhile, so a check made earlier cannot be raced.
Result<void> placeNew(const QString &temporary, const QString &path)
{
    const QByteArray from = QFile::encodeName(temporary);
    const QByteArray to = QFile::encodeName(path);
    int done = ::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE);
    if (done != 0 && (errno == EINVAL || errno == ENOSYS)) {
        done = ::link(from.constData(), to.constData());
        if (done == 0)
            ::unlink(from.constData());
    }
    if (done != 0) {
        const QString error = systemError();
        const bool taken = errno == EEXIST;
        ::unlink(from.constData());
        if (taken)
            return fail(
                tr("%1 already exists; choose another name or allow replacing it").arg(path));
        return fail(tr("cannot create %1: %2").arg(path, error));
    }
    return {};
}

// Rewrites `path` in place: for a file that cannot be replaced because it is a mount point of
// its own (a bind-mounted ~/.kube/config in a container). Not atomic, so readers may see a
// partial file for a moment: the caller says so.
Result<void> overwriteInPlace(const QString &path, const QByteArray &bytes)
{
    Descriptor fd(::open(QFile::encodeName(path).constData(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0 || !fill(fd.get(), bytes) || ::ftruncate(fd.get(), bytes.size()) != 0
        || ::fsync(fd.get()) != 0)
        return fail(tr("cannot write %1 in place: %2").arg(path, systemError()));
    (void)::fchmod(fd.get(), 0600);
    return {};
}

// Where a chain of symbolic links ends (a dangling link's target included).
Result<QString> linkTarget(const QString &path)
{
    QString at = path;
    for (int hops = 0; hops < 40; ++hops) {
        const QFileInfo info(at);
        if (!info.isSymLink())
            return at;
        at = info.symLinkTarget();
    }
    return fail(tr("%1: too many levels of symbolic links").arg(path));
}

} // namespace

Result<FileWriteReport> writeFileAtomically(const QString &path, const QByteArray &bytes,
                                            const FileWriteOptions &options)
{
    FileWriteReport report{path, {}, {}};
    if (QFileInfo(path).isSymLink()) {
        auto target = linkTarget(path);
        if (!target)
            return unexpected(target.error());
        if (!options.followSymlink)
            return fail(tr("%1 is a symbolic link to %2; Kubestrap does not write through links "
                           "unless asked to")
                            .arg(path, *target),
                        QLatin1String(kSymlinkRefused));
        report.path = *target;
    }
    const QFileInfo target(report.path);
    if (target.exists() && !target.isFile())
        return fail(tr("%1 exists and is not a regular file").arg(report.path));
    if (target.exists() && !options.replaceExisting)
        return fail(
            tr("%1 already exists; choose another name or allow replacing it").arg(report.path));
    if (!QDir().mkpath(target.absolutePath()))
        return fail(tr("cannot create the folder %1").arg(target.absolutePath()));
    removeLeftTemporaries(report.path);
    removeLeftTemporaries(report.path + QStringLiteral(".bak"));

    struct stat existing {};
    const bool replacing =
        ::stat(QFile::encodeName(report.path).constData(), &existing) == 0 && target.exists();
    if (replacing && options.keepBackup) {
        QFile current(report.path);
        if (!current.open(QIODevice::ReadOnly))
            return fail(
                tr("cannot read %1 to back it up: %2").arg(report.path, current.errorString()));
        const QString backup = report.path + QStringLiteral(".bak");
        const QString temporaryBackup = temporaryNameFor(backup);
        if (auto ok = writeNewFile(temporaryBackup, current.readAll(), &existing); !ok)
            return unexpected(ok.error());
        if (auto ok = replace(temporaryBackup, backup); !ok)
            return unexpected(ok.error());
        report.backupPath = backup;
    }

    const QString temporary = temporaryNameFor(report.path);
    if (auto ok = writeNewFile(temporary, bytes, replacing ? &existing : nullptr); !ok)
        return unexpected(ok.error());
    if (!options.replaceExisting) {
        if (auto ok = placeNew(temporary, report.path); !ok)
            return unexpected(ok.error());
    } else if (::rename(QFile::encodeName(temporary).constData(),
                        QFile::encodeName(report.path).constData())
               != 0) {
        const int error = errno;
        const QString why = systemError();
        ::unlink(QFile::encodeName(temporary).constData());
        // EBUSY: the file is a mount point (bind-mounted into a container) and rename cannot
        // replace it. kubectl writes such a file in place; so does this, saying so.
        if (error != EBUSY)
            return fail(tr("cannot replace %1: %2").arg(report.path, why));
        if (auto ok = overwriteInPlace(report.path, bytes); !ok)
            return unexpected(ok.error());
        report.note = tr("%1 is a mount point of its own (bind-mounted), so it cannot be "
                         "replaced atomically: it was rewritten in place")
                          .arg(report.path);
    }
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
