#pragma once

#include "rbac_object.h"

#include <QJsonObject>
#include <QString>

#include <functional>

class QWidget;

namespace kubestrap {

class ClusterSession;

// Writing RBAC objects from the panel: each change goes through the session, so the activity
// dock records it with the kubectl command that does the same. Where a change would undo
// something (a default the server restores, a binding nodes need to join) the user is told
// before anything is sent.
namespace rbac_editing {

// Opens an editor on a new object of `kind` (in `namespaceName` when namespaced) and creates it.
void create(QWidget *parent, ClusterSession *session, RbacKind kind, const QString &namespaceName);

// Opens an editor on `object` and replaces it; a change made by someone else meanwhile is
// refused, not overwritten.
void edit(QWidget *parent, ClusterSession *session, RbacKind kind, const QJsonObject &object);

// Asks, then deletes `object`; `failed` hears why it could not be.
void remove(QWidget *parent, ClusterSession *session, RbacKind kind, const QJsonObject &object,
            std::function<void(const QString &problem)> failed);

} // namespace rbac_editing
} // namespace kubestrap
