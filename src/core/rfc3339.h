#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace kubestrap {

// A time as Go's time.Parse(time.RFC3339, …) reads it, which is how Kubernetes reads the times
// people write by hand (a bootstrap token's expiration): seconds and "Z" or ±hh:mm required,
// upper-case T and Z only, with Go's leniencies (a one-digit hour, a comma before the fraction,
// an offset of +24:00). Qt's ISODate differs both ways (no zone means local time, seconds may be
// left out), so a time Kubernetes refuses would pass it. In UTC.
std::optional<QDateTime> parseRfc3339(const QString &text);

} // namespace kubestrap
