#pragma once

#include "bootstrap_plan.h"

#include <QPointer>

#include <optional>
#include <vector>

namespace kubestrap {

class BootstrapApply;
class ClusterSession;

// What the bootstrap wizard's pages build together: where the procedure goes (a cluster, or
// files in a folder), the options of each part, the plan made of them, and how applying ended.
struct BootstrapDraft {
    ClusterSession *session = nullptr;
    bool offline = false; // write the bundle and a kubectl script instead of applying
    QString folder;       // where, when offline
    BootstrapOptions options;
    // A token the cluster already joins with, used when no new one is made.
    std::optional<BootstrapToken> existingToken;
    std::vector<PlannedObject> plan;
    QPointer<BootstrapApply> apply;
    bool applied = false;

    // The token a node joins with once this is done, if any.
    std::optional<BootstrapToken> joinToken() const
    {
        if (options.parts.count(BootstrapPart::Token))
            return options.token;
        return existingToken;
    }
};

} // namespace kubestrap
