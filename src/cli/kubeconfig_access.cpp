#include "kubeconfig_access.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::kubeconfig", text);
}

} // namespace

KubeconfigSources sourcesFor(const Io &io)
{
    return KubeconfigSources::fromEnvironment(io.globals.kubeconfig);
}

std::optional<LoadedKubeconfig> loadForCommand(Io &io)
{
    const auto sources = sourcesFor(io);
    if (sources.origin == KubeconfigSources::Origin::Flag
        && !QFileInfo::exists(sources.paths.first()))
        io.err << tr("warning: %1 does not exist\n").arg(sources.paths.first());
    auto loaded = loadKubeconfig(sources);
    if (!loaded) {
        io.err << tr("error: %1\n").arg(loaded.error().message);
        return std::nullopt;
    }
    for (const QString &warning : loaded->warnings)
        io.err << tr("warning: %1\n").arg(warning);
    return std::move(*loaded);
}

std::optional<QString> chosenContext(const LoadedKubeconfig &loaded, Io &io)
{
    const QString context =
        io.globals.context.isEmpty() ? loaded.merged.currentContext : io.globals.context;
    if (context.isEmpty()) {
        io.err << tr("error: there is no current context; name one with --context\n");
        return std::nullopt;
    }
    return context;
}

int applyEdit(Io &io, const QString &file, const std::function<Result<void>(YamlValue &)> &edit,
              const FileWriteOptions &options, const QString &done)
{
    const auto written = editKubeconfigFile(file, edit, options);
    if (!written) {
        io.err << tr("error: %1\n").arg(written.error().message);
        return Failure;
    }
    io.out << done << '\n';
    io.err << (written->backupPath.isEmpty() ? tr("wrote %1\n").arg(written->path)
                                             : tr("wrote %1 (the previous version is in %2)\n")
                                                   .arg(written->path, written->backupPath));
    if (!written->note.isEmpty())
        io.err << tr("note: %1\n").arg(written->note);
    return Success;
}

} // namespace kubestrap::cli
