#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace kubestrap {

// The four RBAC kinds, as one table of the RBAC panel each.
enum class RbacKind { Role, ClusterRole, RoleBinding, ClusterRoleBinding };

namespace rbac {

QString kindName(RbacKind kind);   // "ClusterRoleBinding"
QString pluralName(RbacKind kind); // "clusterrolebindings"
bool isNamespaced(RbacKind kind);
std::optional<RbacKind> kindNamed(const QString &kind);

// Where objects of `kind` live in the API: the collection, or one object when `name` is given.
QString apiPath(RbacKind kind, const QString &namespaceName, const QString &name = {});

// A starting point for a new object of `kind`, as YAML to edit.
QByteArray newObjectYaml(RbacKind kind, const QString &namespaceName);

// What the API server would refuse about `object` as a `kind`, said before it is sent (empty
// when nothing): the wrong kind or apiVersion, a missing namespace, rules without verbs, a
// binding without a role or with a subject that names no one. For an edit, `original` is the
// object as it was: its name, namespace and a binding's roleRef cannot change.
QString problemWith(const QJsonObject &object, RbacKind kind,
                    const std::optional<QJsonObject> &original = std::nullopt);

// A warning for objects the API server keeps as it wants them (autoupdate annotation): edits
// are undone when it restarts. Empty for others.
QString reconciledWarning(const QJsonObject &object);

// `kubectl delete clusterrolebinding NAME` (with `-n NS` for namespaced kinds).
QString kubectlDelete(RbacKind kind, const QString &namespaceName, const QString &name);

} // namespace rbac
} // namespace kubestrap
