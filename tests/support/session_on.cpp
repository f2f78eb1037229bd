#include "session_on.h"

#include "kubeconfig_sources.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QTest>

namespace kubestrap::test {

std::unique_ptr<SessionOn> SessionOn::connect(const QString &kubeconfigFile, QString *error)
{
    auto on = std::make_unique<SessionOn>();
    on->kubeconfigs = std::make_unique<KubeconfigStore>(
        KubeconfigSources::resolve(kubeconfigFile, {}, QDir::tempPath()));
    on->session = std::make_unique<ClusterSession>(on->kubeconfigs.get());
    on->kubeconfigs->reload();
    QDeadlineTimer deadline(15000);
    while (on->session->state() != ClusterSession::State::Connected && !deadline.hasExpired()) {
        if (on->session->state() == ClusterSession::State::Failed)
            break;
        QTest::qWait(20);
    }
    if (on->session->state() != ClusterSession::State::Connected) {
        *error = QStringLiteral("not connected: %1").arg(on->session->summary());
        return nullptr;
    }
    return on;
}

} // namespace kubestrap::test
