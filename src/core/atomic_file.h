#pragma once

#include "error.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <chrono>

namespace kubestrap {

struct FileWriteOptions {
    bool replaceExisting = true; // false: refuse when the file exists (exports, never overwrite)
    bool keepBackup = true;      // a replaced file is first copied to <file>.bak (mode 0600)
    bool followSymlink = false;  // false: refuse to write through a symbolic link
};

// What a write did, for the user to hear.
struct FileWriteReport {
    QString path;       // the file written (the link's target when a link was followed)
    QString backupPath; // empty when nothing was replaced
    QString note;       // what the user should know about how it was written; usually empty
};

// The Error detail of a write refused because the path is a symbolic link (followSymlink off),
// so a caller can offer to write through it.
inline constexpr char kSymlinkRefused[] = "symlink";

// Writes `bytes` so that readers see the old file or the new one, never a mix: a temporary file
// in the same folder (mode 0600 from creation, a name no other writer uses), fsync, rename over
// the target, fsync of the folder. The file gets mode 0600 whatever it had before, and keeps its
// owner and group where the process may keep them (under sudo, say). "Never overwrite" is one
// step (renameat2 RENAME_NOREPLACE, or link), not a check before the rename. A file that is a
// mount point of its own is rewritten in place, as kubectl does, and the report says so.
// Temporaries left by writers that died are removed.
Result<FileWriteReport> writeFileAtomically(const QString &path, const QByteArray &bytes,
                                            const FileWriteOptions &options = {});

// The `<file>.lock` that kubectl and client-go create (O_EXCL) while they change a kubeconfig.
// Held for the object's lifetime. A lock older than `staleAfter` is reported as stale rather than
// waited on; a fresh one is waited on for at most `wait`.
class KubeconfigLock {
public:
    static Result<KubeconfigLock>
    acquire(const QString &kubeconfigPath, std::chrono::milliseconds wait = std::chrono::seconds(3),
            std::chrono::seconds staleAfter = std::chrono::minutes(5));
    KubeconfigLock(KubeconfigLock &&other) noexcept;
    KubeconfigLock &operator=(KubeconfigLock &&) = delete;
    KubeconfigLock(const KubeconfigLock &) = delete;
    ~KubeconfigLock();

    QString lockPath() const { return path; }

private:
    explicit KubeconfigLock(QString lockPath) : path(std::move(lockPath)) {}
    QString path;
};

} // namespace kubestrap
