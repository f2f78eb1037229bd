#pragma once

#include "error.h"

#include <QString>

namespace kubestrap {

// Go's duration.HumanDuration ("45s", "3m20s", "5h", "12d"), as kubectl's AGE column shows it.
QString humanDuration(qint64 seconds);

// Go's duration.ShortHumanDuration ("45s", "23h", "6d", "2y"; "<invalid>" more than a second in
// the past), as kubeadm's `token list` shows a TTL.
QString shortHumanDuration(qint64 seconds);

// A Go duration ("24h", "1h30m", "90s", "0"), as kubeadm's --ttl takes it, in whole seconds.
Result<qint64> parseGoDuration(const QString &text);

} // namespace kubestrap
