#pragma once

#include <QString>

namespace kubestrap {

// Go's duration.HumanDuration ("45s", "3m20s", "5h", "12d"), as kubectl's AGE column shows it.
QString humanDuration(qint64 seconds);

} // namespace kubestrap
