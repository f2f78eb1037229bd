#pragma once

#include <QString>
#include <QStringList>

namespace kubestrap {

// Which kubeconfig files a command reads, chosen exactly as kubectl chooses them: the
// --kubeconfig flag alone when given, else every entry of KUBECONFIG (a ':'-separated list, empty
// entries and repeats dropped), else ~/.kube/config.
struct KubeconfigSources {
    enum class Origin { Flag, Environment, Default };

    Origin origin = Origin::Default;
    QStringList paths; // in merge order: the first file that defines a name wins

    // The environment is passed in so the rules can be tested without touching the process.
    static KubeconfigSources resolve(const QString &flagPath, const QString &kubeconfigEnv,
                                     const QString &homeDir);
    // The same rules applied to this process's KUBECONFIG and home folder.
    static KubeconfigSources fromEnvironment(const QString &flagPath);

    // The paths that exist now; kubectl skips missing KUBECONFIG entries but not a missing flag.
    QStringList existingPaths() const;

    // Where a setting that belongs to no entry (current-context, a merged-in file) is written,
    // as kubectl chooses it: the flag's file, else the first KUBECONFIG file that exists (the last
    // one when none does), else ~/.kube/config.
    QString fileForSettings() const;
};

} // namespace kubestrap
