#pragma once

#include "api_client.h"

#include <QJsonObject>
#include <QString>

#include <functional>

// What "create or update" and "create or retain" mean for each kind Kubestrap writes, as kubeadm's
// apiclient has them: which fields of an object Kubestrap owns, how an existing object is brought
// to a planned one without losing what others put there, and which differences cannot be mended
// in place. BootstrapApply, the export's credential issuer and `cluster-info set` all ask here.
namespace kubestrap::writes {

// How `planned` differs from `existing` in the fields Kubestrap owns, in words (empty when it
// already does what `planned` wants):
// - bindings: the roleRef, and subjects `existing` lacks (other subjects are not a difference);
// - a bootstrap token Secret: its secret;
// - a ConfigMap: its "kubeconfig" (cluster-info);
// - roles: their rules.
QString difference(const QJsonObject &planned, const QJsonObject &existing);

// Whether a difference can be mended in place. A token Secret with another secret is another
// credential: it is never overwritten (create or retain).
bool updatable(const QJsonObject &planned);

// Whether mending needs the object deleted and made again: a binding's roleRef cannot change.
bool needsReplacing(const QJsonObject &planned, const QJsonObject &existing);

// `existing` brought to `planned`, keeping what the plan does not own: other subjects of a binding,
// the signatures and other keys of a ConfigMap, all metadata (with its resourceVersion, so that a
// change made meanwhile is refused, not overwritten).
QJsonObject updated(const QJsonObject &planned, QJsonObject existing);

// An object as it can be created again, for a rollback: without what the server assigned.
QJsonObject recreatable(QJsonObject object);

// Creates `object` in `collection`, or keeps the one there (kubeadm's CreateOrRetain).
// `done` hears whether it existed, or the failure.
using RetainCallback =
    std::function<void(bool existed, const QJsonObject &created, const ApiFailure *failure)>;
void createOrRetain(ApiClient &client, const QString &collection, const QJsonObject &object,
                    RetainCallback done);

// Deletes `existing` at `path` (unless it changed meanwhile, which is a Conflict) and creates
// `replacement` under the same name in `collection`, as `kubectl replace --force` does. When the
// create fails, `existing` is created again, so the name is never left empty; `done` then hears
// the create's failure, with `restored` saying whether putting it back worked.
using ReplaceCallback =
    std::function<void(const QJsonObject &created, const ApiFailure *failure, bool restored)>;
void replaceByRecreating(ApiClient &client, const QString &collection, const QString &path,
                         const QJsonObject &existing, const QJsonObject &replacement,
                         ReplaceCallback done);

} // namespace kubestrap::writes
