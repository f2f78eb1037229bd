#include "kubeconfig_loader.h"

#include "kubeconfig_decoder.h"
#include "yaml_reader.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::loadKubeconfig", text);
}

constexpr qint64 kMaxFileSize = 256LL * 1024 * 1024;

template <typename Map>
void mergeFirstWins(Map &into, const Map &from)
{
    for (const auto &entry : from)
        into.emplace(entry.first, entry.second); // keeps an existing entry
}

QString permissionWarning(const QString &path)
{
    const QFileInfo info(path);
    const auto loose = QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                       | QFileDevice::WriteOther;
    if (!(info.permissions() & loose))
        return {};
    return tr("%1 can be read or changed by other users; it may hold credentials. Run: chmod 600 "
              "%1")
        .arg(path);
}

} // namespace

Result<KubeconfigFile> loadKubeconfigFile(const QString &path)
{
    QFile file(path);
    if (QFileInfo(path).isDir())
        return fail(tr("%1 is a folder, not a kubeconfig file").arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > kMaxFileSize) {
        return fail(tr("%1 is %2 MiB; kubeconfig files over %3 MiB are refused")
                        .arg(path)
                        .arg(file.size() / (1024 * 1024))
                        .arg(kMaxFileSize / (1024 * 1024)));
    }
    const QByteArray bytes = file.readAll();

    auto document = readYaml(bytes);
    if (!document)
        return fail(tr("%1: %2").arg(path, document.error().message), document.error().detail);
    auto config = decodeKubeconfig(document->root, path);
    if (!config)
        return fail(tr("%1: %2").arg(path, config.error().message), config.error().detail);

    KubeconfigFile loaded{path, std::move(document->root), std::move(*config), {}};
    for (const QString &warning : document->warnings)
        loaded.warnings << tr("%1: %2").arg(path, warning);
    if (const QString warning = permissionWarning(path); !warning.isEmpty())
        loaded.warnings << warning;
    return loaded;
}

Result<LoadedKubeconfig> loadKubeconfig(const KubeconfigSources &sources)
{
    LoadedKubeconfig loaded;
    for (const QString &path : sources.paths) {
        if (!QFileInfo::exists(path))
            continue;
        auto file = loadKubeconfigFile(path);
        if (!file)
            return unexpected(file.error());
        loaded.warnings << file->warnings;
        loaded.files.push_back(std::move(*file));
    }
    loaded.merged = mergeKubeconfigs(loaded.files);
    return loaded;
}

Kubeconfig mergeKubeconfigs(const std::vector<KubeconfigFile> &files)
{
    Kubeconfig merged;
    for (const KubeconfigFile &file : files) {
        const Kubeconfig &config = file.config;
        mergeFirstWins(merged.clusters, config.clusters);
        mergeFirstWins(merged.users, config.users);
        mergeFirstWins(merged.contexts, config.contexts);
        mergeFirstWins(merged.extensions, config.extensions);
        mergeFirstWins(merged.preferences.extensions, config.preferences.extensions);
        merged.preferences.colors = merged.preferences.colors || config.preferences.colors;
        if (merged.currentContext.isEmpty())
            merged.currentContext = config.currentContext;
    }
    return merged;
}

} // namespace kubestrap
