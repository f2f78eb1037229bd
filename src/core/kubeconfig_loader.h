#pragma once

#include "error.h"
#include "kubeconfig.h"
#include "kubeconfig_sources.h"
#include "yaml_value.h"

#include <QStringList>

#include <vector>

namespace kubestrap {

// One kubeconfig file as read: everything it holds (unknown fields included, for writing back)
// and what kubectl makes of it.
struct KubeconfigFile {
    QString path; // as named by the flag or KUBECONFIG; relative paths inside resolve against it
    YamlValue document;
    Kubeconfig config;
    QStringList warnings;
};

// The files of a KubeconfigSources merged as kubectl merges them.
struct LoadedKubeconfig {
    std::vector<KubeconfigFile> files; // those that exist, in merge order
    Kubeconfig merged;
    QStringList warnings; // each names its file
};

// Reads and decodes one file. Refuses files over 256 MiB rather than exhausting memory.
Result<KubeconfigFile> loadKubeconfigFile(const QString &path);

// Loads every existing file of `sources` (missing ones are skipped, as kubectl skips them) and
// merges them. The first file that fails to load fails the whole load, as in kubectl.
Result<LoadedKubeconfig> loadKubeconfig(const KubeconfigSources &sources);

// kubectl's merge: for clusters, users, contexts and extensions the first file to define a name
// wins whole; current-context comes from the first file that sets it; colors from any.
Kubeconfig mergeKubeconfigs(const std::vector<KubeconfigFile> &files);

} // namespace kubestrap
