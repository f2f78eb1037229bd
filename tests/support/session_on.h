#pragma once

#include "cluster_session.h"
#include "kubeconfig_store.h"

#include <QString>

#include <memory>

namespace kubestrap::test {

// A ClusterSession on the current context of one kubeconfig file, as the window would hold it:
// what every GUI test needs before it builds a panel.
struct SessionOn {
    std::unique_ptr<KubeconfigStore> kubeconfigs;
    std::unique_ptr<ClusterSession> session;

    // Connects and waits (15 s at most) until the session is connected; null with `error` set
    // (the session's own failure) when it does not get there.
    static std::unique_ptr<SessionOn> connect(const QString &kubeconfigFile, QString *error);
};

} // namespace kubestrap::test
