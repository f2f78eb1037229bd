#pragma once

#include <QByteArray>
#include <QString>

namespace kubestrap {

// The User-Agent every request carries, shaped like kubectl's ("kubectl/v1.30.0 (linux/amd64)")
// so audit logs name the program that made a change. `program` is e.g. "kubestrap-cli".
QByteArray userAgent(const QString &program);

} // namespace kubestrap
