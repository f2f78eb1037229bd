#pragma once

#include "error.h"
#include "kubeconfig.h"

#include <QByteArray>
#include <QStringList>

namespace kubestrap {

struct ExportOptions {
    QString context;       // empty: the current context
    QString renameTo;      // the context's name in the exported file
    QString namespaceName; // the exported context's default namespace
    QString server;        // the API server URL as the recipient reaches it
};

// A kubeconfig for one context that stands alone: minified and flattened, with a tokenFile's
// token embedded, the context current. `notes` says what the recipient still needs (an exec
// plugin, say). `yaml` holds credentials: write it with mode 0600 only.
struct ExportedKubeconfig {
    Kubeconfig config;
    QByteArray yaml;
    QStringList notes;
};

Result<ExportedKubeconfig> exportKubeconfig(Kubeconfig merged, const ExportOptions &options);

} // namespace kubestrap
