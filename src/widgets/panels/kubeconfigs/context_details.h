#pragma once

#include "kubeconfig.h"

#include <QString>

namespace kubestrap {

// A context's details as HTML for the Kubeconfigs panel: the cluster and how its certificate is
// checked, the user and how it authenticates. Tokens, passwords and auth-provider secrets show as
// dots unless `revealSecrets`; private keys are never shown, only described.
QString contextDetailsHtml(const Kubeconfig &config, const QString &contextName,
                           bool revealSecrets);

} // namespace kubestrap
