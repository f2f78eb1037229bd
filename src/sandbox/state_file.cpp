#include "state_file.h"

#include "atomic_file.h"

#include <QFile>
#include <QJsonDocument>

#include <cstdio>

namespace kubestrap::sandbox {

Result<bool> StateFile::load()
{
    QFile file(path);
    if (!file.exists())
        return false;
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (!document.isObject())
        return fail(
            QStringLiteral("%1 is not a sandbox state file: %2").arg(path, error.errorString()));
    store.restore(document.object());
    saved = store.resourceVersion();
    return true;
}

Result<void> StateFile::save()
{
    const qint64 version = store.resourceVersion();
    if (version == saved)
        return {};
    FileWriteOptions options;
    options.keepBackup = false;
    const auto written = writeFileAtomically(
        path, QJsonDocument(store.snapshot()).toJson(QJsonDocument::Compact), options);
    if (!written)
        return unexpected(written.error());
    saved = version;
    return {};
}

void StateFile::start()
{
    worker = std::thread([this] {
        while (!stopping) {
            store.waitForChange(saved < 0 ? store.resourceVersion() : saved,
                                std::chrono::seconds(1));
            std::this_thread::sleep_for(std::chrono::milliseconds(200)); // one write per burst
            if (auto ok = save(); !ok)
                std::fprintf(stderr, "kubestrap-sandbox: %s\n", qPrintable(ok.error().message));
        }
    });
}

void StateFile::stop()
{
    stopping = true;
    if (worker.joinable())
        worker.join();
    if (auto ok = save(); !ok)
        std::fprintf(stderr, "kubestrap-sandbox: %s\n", qPrintable(ok.error().message));
}

} // namespace kubestrap::sandbox
