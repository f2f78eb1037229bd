#pragma once

#include "error.h"
#include "kubeconfig.h"
#include "yaml_value.h"

namespace kubestrap {

// What `kubectl config view` does to a merged kubeconfig before printing it.
struct ViewOptions {
    bool minify = false;  // only the current context and what it uses
    bool flatten = false; // referenced files embedded as *-data; implies raw
    bool raw = false;     // secrets shown instead of DATA+OMITTED / REDACTED
    QString context;      // with minify: the context to keep instead of current-context
};

// Keeps only `config.currentContext`, its cluster and its user, as kubectl's MinifyConfig.
Result<void> minifyKubeconfig(Kubeconfig &config);

// Reads every certificate-authority, client-certificate and client-key file (relative paths
// resolve against the folder of the file the entry came from) into the matching *-data field.
Result<void> flattenKubeconfig(Kubeconfig &config);

// Replaces certificate and key data with DATA+OMITTED, tokens and passwords with REDACTED.
void redactKubeconfig(Kubeconfig &config);

// minify, then flatten or redact, in kubectl's order.
Result<Kubeconfig> viewKubeconfig(Kubeconfig config, const ViewOptions &options);

// The v1 Config object kubectl prints, fields in kubectl's order, lists sorted by name.
YamlValue kubeconfigToValue(const Kubeconfig &config);

// A path from a kubeconfig entry made absolute against the folder of `origin`, the file it came
// from, as client-go resolves it. Empty stays empty.
QString resolveKubeconfigPath(const QString &path, const QString &origin);

} // namespace kubestrap
