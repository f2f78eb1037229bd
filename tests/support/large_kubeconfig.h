#pragma once

#include <QByteArray>

namespace kubestrap::test {

// A kubeconfig shaped like a big fleet's: `contexts` contexts, each with its own cluster (embedded
// CA) and user (embedded client certificate and key), about 2 KB per context.
QByteArray largeKubeconfig(int contexts);

} // namespace kubestrap::test
