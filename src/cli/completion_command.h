#pragma once

#include "command.h"

namespace kubestrap::cli {

// `kubestrap-cli completion bash|zsh`: a script for the shell to source, which asks
// `kubestrap-cli __complete WORD…` for each completion, so the candidates always match the
// installed binary.
Command completionCommand();

// The hidden `__complete WORD… CURRENT`: one candidate per line for the last word, from the
// command tree, each leaf's own options (read from its help), -o's formats, and --context's
// names from the kubeconfig. Nothing when the shell should complete file names. Never touches a
// cluster, so it cannot hang the shell.
int complete(const Command &root, const QStringList &words, Io &io);

} // namespace kubestrap::cli
