#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace kubestrap::sandbox {

// A failed request's answer: the HTTP code and the metav1.Status body the real API server sends.
struct ApiError {
    int code = 500;
    QJsonObject status;
};

// Status bodies worded as kube-apiserver words them, since clients (kubectl, client-go, Kubestrap)
// show and classify them by `reason`.
namespace status {

ApiError make(int code, const QString &reason, const QString &message,
              const QJsonObject &details = {});
ApiError notFound(const QString &plural, const QString &name);
ApiError alreadyExists(const QString &plural, const QString &name);
// A stale resourceVersion.
ApiError conflict(const QString &plural, const QString &group, const QString &name);
// 409 for `why` ("StorageError: …"), as the storage layer refuses a failed precondition.
ApiError cannotBeFulfilled(const QString &plural, const QString &group, const QString &name,
                           const QString &why);
// One cause per invalid field: {"field": "metadata.name", "message": "...", "reason":
// "FieldValueInvalid"}.
ApiError invalid(const QString &kind, const QString &name, const QJsonArray &causes);
ApiError badRequest(const QString &message);
ApiError unauthorized();
ApiError forbidden(const QString &user, const QString &verb, const QString &plural,
                   const QString &group, const QString &namespaceName, const QString &name);
// Refused for `why`, as an admission plugin refuses.
ApiError forbiddenBecause(const QString &plural, const QString &group, const QString &name,
                          const QString &why);
ApiError gone(qint64 requested, qint64 oldest);
ApiError pathNotFound();
// A 500 with no reason, as kube-apiserver answers a strategic merge patch it cannot apply.
ApiError internalError(const QString &message);
ApiError methodNotAllowed();
// A body in a media type the server does not take, as kube-apiserver words it (with no list of
// the types it does take).
ApiError unsupportedMediaType();
// An answer in no form the client accepts (406): `message` says which it asked for.
ApiError notAcceptable(const QString &message);

// What DELETE answers for most kinds: the deleted object's name, group, uid and plural (in
// `kind`, as the real server puts it there).
QJsonObject deleted(const QString &plural, const QString &group, const QString &name,
                    const QString &uid);

} // namespace status

} // namespace kubestrap::sandbox
