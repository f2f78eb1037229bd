#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>

class QWidget;

namespace kubestrap {

class ClusterSession;

// Changing ConfigMaps from the panel, each change logged with the kubectl command that does the
// same. A ConfigMap the cluster relies on warns with what breaks before anything is sent.
namespace configmap_editing {

// Opens the editor on `configMap` as YAML and, after showing the diff, saves it with its
// resourceVersion: a change made meanwhile is refused and the typed text kept. An immutable
// ConfigMap whose data changes is replaced under the same name (deleted and created again, as
// `kubectl replace --force`), and the editor says beforehand what that means for its pods.
void edit(QWidget *parent, ClusterSession *session, const QJsonObject &configMap);

// Asks, then deletes `configMap`; `failed` hears why it could not be.
void remove(QWidget *parent, ClusterSession *session, const QJsonObject &configMap,
            std::function<void(const QString &problem)> failed);

} // namespace configmap_editing
} // namespace kubestrap
