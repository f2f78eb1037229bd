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
};

// Writes `bytes` so that readers see the old file or the new one, never a mix: a temporary file
// in the same folder, fsync, rename over the target, fsync of the folder. The file gets mode 0600
// whatever it had before.
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
