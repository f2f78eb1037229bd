#include "cluster_session.h"

#include "api_paths.h"
#include "bootstrap_apply.h"
#include "discovery.h"
#include "kubeconfig_store.h"
#include "kubeconfig_view.h"
#include "rbac_index.h"
#include "resource_store.h"
#include "yaml_writer.h"

#include <QCryptographicHash>

#include <algorithm>

namespace kubestrap {

namespace {

// The context as the connection uses it: minified to its cluster and user, with the files they
// name read in (kubectl config view --minify --flatten), hashed.
QByteArray fingerprintOf(const Kubeconfig &merged, const QString &context)
{
    ViewOptions options;
    options.minify = true;
    options.flatten = true;
    options.context = context;
    auto view = viewKubeconfig(merged, options);
    if (!view) { // a file it names is unreadable now: its name still counts
        options.flatten = false;
        options.raw = true;
        view = viewKubeconfig(merged, options);
    }
    const auto yaml = view ? writeYaml(kubeconfigToValue(*view)) : Result<QByteArray>(QByteArray());
    return QCryptographicHash::hash(yaml ? *yaml : QByteArray(), QCryptographicHash::Sha256);
}

} // namespace

ClusterSession::ClusterSession(KubeconfigStore *kubeconfigs, QObject *parent)
    : QObject(parent), kubeconfigs(kubeconfigs)
{
    connect(kubeconfigs, &KubeconfigStore::activeContextChanged, this, &ClusterSession::reconnect);
    connect(kubeconfigs, &KubeconfigStore::loaded, this, [this] {
        // A reload that changed nothing about this context keeps the connection; one that
        // rewrote its credential in place (aws eks update-kubeconfig, an OIDC refresh) does not.
        if (this->kubeconfigs->activeContext() != contextName || current == State::Failed
            || current == State::NoContext
            || fingerprintOf(this->kubeconfigs->kubeconfig().merged, contextName) != connectedWith)
            reconnect();
    });
}

ClusterSession::~ClusterSession() = default;

QString ClusterSession::summary() const
{
    switch (current) {
    case State::NoContext:
        return tr("No context chosen");
    case State::Connecting:
        return tr("Context %1 · connecting…").arg(contextName);
    case State::Connected:
        return tr("Context %1 · %2 as %3")
            .arg(contextName, version,
                 who.username.isEmpty() ? tr("an unnamed user") : who.username);
    case State::Failed:
        return tr("Context %1 · not connected: %2").arg(contextName, failure);
    }
    return {};
}

ApiClient::Callback ClusterSession::logged(const QString &change, const QString &kubectl,
                                           ApiClient::Callback then)
{
    const int entry = log.record(change, kubectl);
    return [this, entry, then](const QJsonObject &body, const ApiFailure *failure) {
        log.finish(entry, !failure, failure ? failure->message : QString());
        if (then)
            then(body, failure);
    };
}

BootstrapApply *ClusterSession::applyPlan(const std::vector<PlannedObject> &plan,
                                          const QString &change,
                                          std::function<void(bool ok, const QString &why)> done)
{
    QStringList commands;
    for (const PlannedObject &planned : plan)
        commands << kubectlCommandWithoutSecrets(planned);
    const int entry = log.record(change, commands.join(QLatin1Char('\n')));
    auto *apply = new BootstrapApply(api, plan, this);
    connect(apply, &BootstrapApply::finished, this,
            [this, apply, entry, done](bool ok, const QString &why) {
                apply->deleteLater();
                log.finish(entry, ok, why);
                done(ok, why);
            });
    apply->start();
    return apply;
}

void ClusterSession::setState(State state, const QString &error)
{
    current = state;
    failure = error;
    Q_EMIT stateChanged();
}

ResourceStore *ClusterSession::store(const QString &path, Digest digest)
{
    if (!api)
        return nullptr;
    auto &slot = stores[{path, reinterpret_cast<quintptr>(digest)}];
    if (!slot) {
        slot = std::make_unique<ResourceStore>(api.get(), path, nullptr, digest);
        slot->start();
    }
    return slot.get();
}

RbacIndex *ClusterSession::rbac()
{
    if (!api)
        return nullptr;
    if (!rbacIndex) {
        const auto storeOf = [this](const char *kind) {
            return store(paths::rbac(QLatin1String(kind)));
        };
        rbacIndex = std::make_unique<RbacIndex>(
            std::array{storeOf("roles"), storeOf("clusterroles"), storeOf("rolebindings"),
                       storeOf("clusterrolebindings")});
    }
    return rbacIndex.get();
}

bool ClusterSession::allSynced(const QStringList &paths)
{
    return std::all_of(paths.begin(), paths.end(), [this](const QString &path) {
        const ResourceStore *cache = store(path);
        return cache && cache->hasSynced();
    });
}

void ClusterSession::reconnect()
{
    const quint64 mine = ++attempt;
    rbacIndex.reset();
    stores.clear();
    api.reset();
    who = {};
    version.clear();
    contextName = kubeconfigs->activeContext();
    connectedWith = fingerprintOf(kubeconfigs->kubeconfig().merged, contextName);
    Q_EMIT sessionReplaced();
    if (contextName.isEmpty())
        return setState(State::NoContext);
    auto connection =
        ClusterConnection::fromKubeconfig(kubeconfigs->kubeconfig().merged, contextName);
    if (!connection)
        return setState(State::Failed, connection.error().message);
    api = std::make_shared<ApiClient>(std::move(*connection));
    Q_EMIT sessionReplaced();
    setState(State::Connecting);
    findIdentity(*api, [this, mine](const Result<Identity> &identity) {
        if (mine != attempt)
            return;
        if (!identity)
            return setState(State::Failed, identity.error().message);
        who = *identity;
        discoverServerApis(*api, [this, mine](const Result<ServerApis> &server) {
            if (mine != attempt)
                return;
            if (!server)
                return setState(State::Failed, server.error().message);
            version = server->gitVersion;
            setState(State::Connected);
        });
    });
}

} // namespace kubestrap
