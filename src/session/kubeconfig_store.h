#pragma once

#include "kubeconfig_loader.h"
#include "kubeconfig_sources.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

namespace kubestrap {

// The merged kubeconfig the application works with: loaded off the GUI thread, reloaded when any
// of its files changes on disk (kubectl, an editor, another Kubestrap), and changed through
// editKubeconfigFile. Also keeps the application's own active context, which is not written to
// any file: choosing a context in Kubestrap does not change what kubectl uses.
class KubeconfigStore : public QObject {
    Q_OBJECT

public:
    explicit KubeconfigStore(KubeconfigSources sources, QObject *parent = nullptr);

    const KubeconfigSources &sources() const { return kubeconfigSources; }
    const LoadedKubeconfig &kubeconfig() const { return current; }
    bool isLoaded() const { return hasLoaded; }
    QString loadError() const { return error; }

    // The context Kubestrap works in: chosen by the user, else the file's current-context.
    QString activeContext() const;
    void setActiveContext(const QString &name);

    // Starts loading every file again; loaded() or loadFailed() follows.
    void reload();
    // Writes current-context for kubectl (as `kubectl config use-context`), off the GUI thread;
    // written() or writeFailed() follows, then a reload. A kubeconfig that is a symbolic link
    // (stow, home-manager) is written through only when `throughLink` or the setting
    // Kubeconfig/writeThroughLinks says so; otherwise linkInTheWay() asks.
    void useContextInKubectl(const QString &name, bool throughLink = false);
    static bool writesThroughLinks();
    static void setWritesThroughLinks(bool always);

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString &message);
    void activeContextChanged(const QString &name);
    void written(const QString &message);
    void writeFailed(const QString &message);
    // useContextInKubectl(`name`) was refused because the file is a link; `message` says where
    // it points. Calling it again with throughLink writes the link's target.
    void linkInTheWay(const QString &name, const QString &message);

private:
    void watchFiles();

    KubeconfigSources kubeconfigSources;
    LoadedKubeconfig current;
    bool hasLoaded = false;
    QString error;
    QString chosenContext;
    QFileSystemWatcher watcher;
    QTimer reloadSoon;      // editors save in bursts; one reload per burst
    quint64 generation = 0; // a reload started later wins over one that finishes later
};

} // namespace kubestrap
