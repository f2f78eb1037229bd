#pragma once

#include "command.h"

#include <QCommandLineParser>

#include <optional>

namespace kubestrap::cli {

// `kubestrap-cli token generate|list|create|delete|extend`: kubeadm's token commands, with the
// secret never printed by list, and a token's expiry changeable after the fact.
Command tokenCommand();

// --ttl as kubeadm reads it: a Go duration in seconds, 0 for a token that never expires. Prints
// what is wrong and returns nothing for anything else.
std::optional<qint64> ttlOption(const QCommandLineParser &parser, const QCommandLineOption &ttl,
                                Io &io);

} // namespace kubestrap::cli
