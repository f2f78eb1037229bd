#pragma once

#include "kubeconfig.h"

#include <QString>

#include <vector>

namespace kubestrap {

// One context of a merged kubeconfig as a person scans a list of them: what it points at, how it
// authenticates, where it came from, and what it names that does not exist. Holds no secret.
struct ContextSummary {
    QString name;
    QString cluster;
    QString server;
    QString user;
    QString credential; // "client certificate", "exec: aws", … (see describeCredential)
    QString namespaceName;
    QString origin;
    bool current = false;
    bool missingCluster = false; // the context names a cluster no file defines
    bool missingUser = false;
    bool insecure = false; // the cluster skips TLS verification

    bool dangling() const { return missingCluster || missingUser; }
    friend bool operator==(const ContextSummary &, const ContextSummary &) = default;
};

// The contexts of `config` in name order. `current` marks `currentContext` (which the caller may
// have chosen differently from the file's current-context).
std::vector<ContextSummary> summarizeContexts(const Kubeconfig &config,
                                              const QString &currentContext);

// How a user authenticates, in words: "client certificate", "bearer token", "token file",
// "basic auth", "exec: <command>", "auth provider: <name>", or "none".
QString describeCredential(const KubeconfigUser &user);

} // namespace kubestrap
