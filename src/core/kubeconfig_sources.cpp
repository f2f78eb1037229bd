#include "kubeconfig_sources.h"

#include <QDir>
#include <QFileInfo>

namespace kubestrap {

KubeconfigSources KubeconfigSources::resolve(const QString &flagPath, const QString &kubeconfigEnv,
                                             const QString &homeDir)
{
    if (!flagPath.isEmpty())
        return {Origin::Flag, {flagPath}};

    // Like client-go, a set KUBECONFIG replaces the default even when all its entries are empty.
    if (!kubeconfigEnv.isEmpty()) {
        QStringList fromEnv;
        for (const QString &entry : kubeconfigEnv.split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
            if (!fromEnv.contains(entry))
                fromEnv.append(entry);
        }
        return {Origin::Environment, fromEnv};
    }

    return {Origin::Default, {QDir(homeDir).filePath(QStringLiteral(".kube/config"))}};
}

KubeconfigSources KubeconfigSources::fromEnvironment(const QString &flagPath)
{
    return resolve(flagPath, qEnvironmentVariable("KUBECONFIG"), QDir::homePath());
}

QStringList KubeconfigSources::existingPaths() const
{
    QStringList existing;
    for (const QString &path : paths) {
        if (QFileInfo(path).isFile())
            existing.append(path);
    }
    return existing;
}

QString KubeconfigSources::fileForSettings() const
{
    const QStringList existing = existingPaths();
    if (origin == Origin::Environment && !existing.isEmpty())
        return existing.first();
    return paths.isEmpty() ? QString() : paths.last();
}

} // namespace kubestrap
