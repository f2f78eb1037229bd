#pragma once

#include "error.h"
#include "kubeconfig.h"

#include <QByteArray>
#include <QStringList>

#include <optional>

namespace kubestrap {

// A credential that takes the place of the context's own in the exported file.
struct ExportCredential {
    QString userName;             // the user entry's name
    QString token;                // a bearer token, or
    QByteArray clientCertificate; // a client certificate (PEM)
    QByteArray clientKey;         // and its key (PEM)
};

struct ExportOptions {
    QString context;                            // empty: the current context
    QString renameTo;                           // the context's name in the exported file
    QString namespaceName;                      // the exported context's default namespace
    QString server;                             // the API server URL as the recipient reaches it
    std::optional<ExportCredential> credential; // none: the context's own, embedded
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

// The file as YAML with its secrets replaced as `kubectl config view` replaces them
// (DATA+OMITTED, REDACTED): what to show before it is saved.
QByteArray redactedYaml(Kubeconfig config);

} // namespace kubestrap
