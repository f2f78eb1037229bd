#pragma once

#include <QString>

namespace kubestrap {

// "Kubestrap 0.1.0 (Qt 6.4.2, OpenSSL 3.0.15 …)": what a bug report needs to name this build.
QString buildDescription();

} // namespace kubestrap
