#include "context_summary.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::ContextSummary", text);
}

} // namespace

QString describeCredential(const KubeconfigUser &user)
{
    // In client-go's order of precedence.
    if (user.exec)
        return tr("exec: %1").arg(QFileInfo(user.exec->command).fileName());
    if (user.authProvider)
        return tr("auth provider: %1").arg(user.authProvider->name);
    if (!user.clientCertificate.isEmpty() || !user.clientCertificateData.isEmpty())
        return tr("client certificate");
    if (!user.token.isEmpty())
        return tr("bearer token");
    if (!user.tokenFile.isEmpty())
        return tr("token file");
    if (!user.username.isEmpty())
        return tr("basic auth");
    return tr("none");
}

std::vector<ContextSummary> summarizeContexts(const Kubeconfig &config,
                                              const QString &currentContext)
{
    std::vector<ContextSummary> summaries;
    summaries.reserve(config.contexts.size());
    for (const auto &[name, context] : config.contexts) {
        ContextSummary s;
        s.name = name;
        s.cluster = context.cluster;
        s.user = context.user;
        s.namespaceName = context.namespaceName;
        s.origin = context.origin;
        s.current = name == currentContext;
        if (const auto cluster = config.clusters.find(context.cluster);
            cluster != config.clusters.end()) {
            s.server = cluster->second.server;
            s.insecure = cluster->second.insecureSkipTlsVerify;
        } else {
            s.missingCluster = !context.cluster.isEmpty();
        }
        if (const auto user = config.users.find(context.user); user != config.users.end())
            s.credential = describeCredential(user->second);
        else if (!context.user.isEmpty())
            s.missingUser = true;
        else
            s.credential = tr("none");
        summaries.push_back(std::move(s));
    }
    return summaries;
}

} // namespace kubestrap
