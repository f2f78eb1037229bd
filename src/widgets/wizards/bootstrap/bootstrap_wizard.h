#pragma once

#include "bootstrap_plan.h"

#include <QElapsedTimer>
#include <QWizard>

#include <memory>
#include <optional>
#include <set>

namespace kubestrap {

struct BootstrapDraft;
class ClusterSession;

// Sets up TLS bootstrap end to end: the cluster and its CA, the token, cluster-info, the RBAC
// that lets nodes join and renew, a review with the server's dry-run verdict, the apply (or,
// offline, files in a folder) and the join command. Cancelled while applying, it rolls back.
class BootstrapWizard : public QWizard {
    Q_OBJECT

public:
    enum Page {
        ClusterPage,
        TokenPage,
        ClusterInfoPage,
        RbacPage,
        ReviewPage,
        ApplyPage,
        FinishPage
    };

    // `parts` starts selected (all of them when none); `existingToken` is one the cluster already
    // joins with, used when no new token is made.
    BootstrapWizard(ClusterSession *session, std::optional<std::set<BootstrapPart>> parts = {},
                    std::optional<BootstrapToken> existingToken = {}, QWidget *parent = nullptr);
    ~BootstrapWizard() override;

    // Whether the procedure was applied (or its files written).
    bool applied() const;

public Q_SLOTS:
    // While applying, stops and rolls back first, then closes.
    void reject() override;

private:
    std::unique_ptr<BootstrapDraft> draft;
    bool closing = false;
    QElapsedTimer closingSince;
};

} // namespace kubestrap
