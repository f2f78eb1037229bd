#include "kubeconfig_store.h"

#include "kubeconfig_edit.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QSettings>
#include <QtConcurrent>

namespace kubestrap {

KubeconfigStore::KubeconfigStore(KubeconfigSources sources, QObject *parent)
    : QObject(parent), kubeconfigSources(std::move(sources))
{
    reloadSoon.setSingleShot(true);
    reloadSoon.setInterval(150);
    connect(&reloadSoon, &QTimer::timeout, this, &KubeconfigStore::reload);
    connect(&watcher, &QFileSystemWatcher::fileChanged, &reloadSoon, qOverload<>(&QTimer::start));
    connect(&watcher, &QFileSystemWatcher::directoryChanged, &reloadSoon,
            qOverload<>(&QTimer::start));
}

QString KubeconfigStore::activeContext() const
{
    if (!chosenContext.isEmpty() && current.merged.contexts.count(chosenContext))
        return chosenContext;
    return current.merged.currentContext;
}

void KubeconfigStore::setActiveContext(const QString &name)
{
    if (name == activeContext())
        return;
    chosenContext = name;
    Q_EMIT activeContextChanged(activeContext());
}

void KubeconfigStore::reload()
{
    const quint64 mine = ++generation;
    auto *pending = new QFutureWatcher<Result<LoadedKubeconfig>>(this);
    connect(pending, &QFutureWatcherBase::finished, this, [this, pending, mine] {
        pending->deleteLater();
        if (mine != generation)
            return;
        const QString before = activeContext();
        auto result = pending->result();
        watchFiles();
        if (!result) {
            error = result.error().message;
            Q_EMIT loadFailed(error);
            return;
        }
        error.clear();
        current = std::move(*result);
        hasLoaded = true;
        Q_EMIT loaded();
        if (activeContext() != before)
            Q_EMIT activeContextChanged(activeContext());
    });
    pending->setFuture(
        QtConcurrent::run([sources = kubeconfigSources] { return loadKubeconfig(sources); }));
}

bool KubeconfigStore::writesThroughLinks()
{
    return QSettings().value(QStringLiteral("Kubeconfig/writeThroughLinks"), false).toBool();
}

void KubeconfigStore::setWritesThroughLinks(bool always)
{
    QSettings().setValue(QStringLiteral("Kubeconfig/writeThroughLinks"), always);
}

void KubeconfigStore::useContextInKubectl(const QString &name, bool throughLink)
{
    const QString file = kubeconfigSources.fileForSettings();
    FileWriteOptions options;
    options.followSymlink = throughLink || writesThroughLinks();
    auto *pending = new QFutureWatcher<Result<FileWriteReport>>(this);
    connect(pending, &QFutureWatcherBase::finished, this, [this, pending, name] {
        pending->deleteLater();
        const auto result = pending->result();
        if (!result && result.error().detail == QLatin1String(kSymlinkRefused)) {
            Q_EMIT linkInTheWay(name, result.error().message);
            return;
        }
        if (!result) {
            Q_EMIT writeFailed(result.error().message);
            return;
        }
        QString message =
            tr("kubectl now uses context \"%1\" (written to %2)").arg(name, result->path);
        if (!result->note.isEmpty())
            message += QStringLiteral(". ") + result->note;
        Q_EMIT written(message);
        reload();
    });
    pending->setFuture(QtConcurrent::run([file, name, options] {
        return editKubeconfigFile(
            file,
            [name](YamlValue &document) {
                kubeconfig_edit::setCurrentContext(document, name);
                return Result<void>();
            },
            options);
    }));
}

void KubeconfigStore::watchFiles()
{
    // Files are replaced by rename (by us and by kubectl's writers), which drops a file watch:
    // watch the folders too, and re-add the files after every load.
    if (!watcher.files().isEmpty())
        watcher.removePaths(watcher.files());
    if (!watcher.directories().isEmpty())
        watcher.removePaths(watcher.directories());
    for (const QString &path : kubeconfigSources.paths) {
        const QFileInfo info(path);
        if (info.exists())
            watcher.addPath(info.absoluteFilePath());
        if (info.absoluteDir().exists())
            watcher.addPath(info.absolutePath());
    }
}

} // namespace kubestrap
