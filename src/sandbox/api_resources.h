#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace kubestrap::sandbox {

// One kind the sandbox serves, described as discovery describes it.
struct ApiResource {
    QString group; // "" for the core group
    QString version;
    QString plural; // "secrets": the path segment
    QString singular;
    QString kind;
    bool namespaced = true;
    QStringList verbs;
    QStringList shortNames;

    QString groupVersion() const
    {
        return group.isEmpty() ? version : group + QLatin1Char('/') + version;
    }
    QString listKind() const { return kind + QStringLiteral("List"); }
};

// Everything the sandbox serves, in discovery order.
const std::vector<ApiResource> &apiResources();

// Stops serving these group versions (e.g. "authentication.k8s.io/v1"), as an older or trimmed
// API server would not serve them: discovery leaves them out and requests get 404.
void hideGroupVersions(const QStringList &groupVersions);

// The resource at `groupVersion` (e.g. "v1", "rbac.authorization.k8s.io/v1") named `plural`.
const ApiResource *findResource(const QString &groupVersion, const QString &plural);

} // namespace kubestrap::sandbox
