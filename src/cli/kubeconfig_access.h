#pragma once

#include "command.h"
#include "kubeconfig_edit.h"
#include "kubeconfig_loader.h"

#include <optional>

namespace kubestrap::cli {

// The kubeconfig files the global options name.
KubeconfigSources sourcesFor(const Io &io);

// Loads and merges them, printing warnings; prints the error and returns nothing on failure.
std::optional<LoadedKubeconfig> loadForCommand(Io &io);

// The context a command works on: --context, else the current context. Prints the error and
// returns nothing when there is neither.
std::optional<QString> chosenContext(const LoadedKubeconfig &loaded, Io &io);

// Applies `edit` to `file` with editKubeconfigFile and says what was written; the exit code.
int applyEdit(Io &io, const QString &file, const std::function<Result<void>(YamlValue &)> &edit,
              const FileWriteOptions &options, const QString &done);

} // namespace kubestrap::cli
