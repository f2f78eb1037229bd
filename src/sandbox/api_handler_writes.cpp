#include "api_handler.h"

#include "admission.h"
#include "api_basics.h"
#include "bootstrap_token.h"
#include "field_validation.h"
#include "json_patch.h"
#include "merge_patch.h"
#include "object_names.h"
#include "protobuf_body.h"
#include "service_account_tokens.h"
#include "strategic_merge_patch.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

// The writes of ApiHandler: create, update (and of status), patch, delete, and TokenRequest.

namespace kubestrap::sandbox {

ApiResponse ApiHandler::create(const ApiRequest &request, const Target &target)
{
    const ApiResource &resource = *target.resource;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (!document.isObject())
        return answer(
            status::badRequest(QStringLiteral("the body of the request is not a JSON object: %1")
                                   .arg(parseError.errorString())));
    QJsonObject object = document.object();
    if (const QString kind = object.value(QStringLiteral("kind")).toString();
        !kind.isEmpty() && kind != resource.kind)
        return answer(status::badRequest(
            QStringLiteral("the kind in the data (%1) does not match the expected kind (%2)")
                .arg(kind, resource.kind)));
    object.insert(QStringLiteral("kind"), resource.kind);
    object.insert(QStringLiteral("apiVersion"), resource.groupVersion());
    const auto decoded = decodeFields(
        request, object, resource, QStringLiteral("CreateOptions"),
        [&](const QStringList &unknown) { return cannotBeHandled(resource, unknown); });
    if (const ApiError *bad = std::get_if<ApiError>(&decoded))
        return answer(*bad);

    QJsonObject metadata = metadataOf(object);
    const QString bodyNamespace = metadata.value(QStringLiteral("namespace")).toString();
    if (resource.namespaced && !bodyNamespace.isEmpty() && bodyNamespace != target.namespaceName)
        return answer(
            status::badRequest(QStringLiteral("the namespace of the provided object does not match "
                                              "the namespace sent on the request")));
    QString name = metadata.value(QStringLiteral("name")).toString();
    if (name.isEmpty() && metadata.contains(QStringLiteral("generateName")))
        name = generatedName(metadata.value(QStringLiteral("generateName")).toString());
    if (const QJsonArray problems = nameProblems(resource.plural, name); !problems.isEmpty())
        return answer(status::invalid(resource.kind, name, problems));
    if (auto bad = checkData(object, resource))
        return answer(*bad);
    if (resource.kind == QLatin1String("CertificateSigningRequest")) {
        if (auto bad = checkCertificateRequest(object, name))
            return answer(*bad);
        if (auto refused = restrictSubject(object, name))
            return answer(*refused);
        // The server, not the client, says who asked.
        QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
        spec.insert(QStringLiteral("username"), request.identity.user);
        spec.insert(QStringLiteral("groups"), QJsonArray::fromStringList(request.identity.groups));
        if (!request.identity.uid.isEmpty())
            spec.insert(QStringLiteral("uid"), request.identity.uid);
        object.insert(QStringLiteral("spec"), spec);
        object.remove(QStringLiteral("status"));
    }
    metadata.insert(QStringLiteral("name"), name);
    if (resource.namespaced)
        metadata.insert(QStringLiteral("namespace"), target.namespaceName);
    metadata.insert(QStringLiteral("uid"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    metadata.insert(QStringLiteral("creationTimestamp"), nowRfc3339());
    metadata.remove(QStringLiteral("resourceVersion"));
    object.insert(QStringLiteral("metadata"), metadata);
    defaults(object, resource);

    const auto guard = objects.lock();
    if (resource.namespaced
        && !objects.get(QStringLiteral("v1/namespaces"), QString(), target.namespaceName))
        return answer(status::notFound(QStringLiteral("namespaces"), target.namespaceName));
    if (objects.get(idOf(resource), target.namespaceName, name))
        return answer(status::alreadyExists(resource.plural, name));
    Target created = target;
    created.name = name;
    return warned(store(request, created, object, QStringLiteral("ADDED"), 201),
                  std::get<QStringList>(decoded));
}

ApiResponse ApiHandler::update(const ApiRequest &request, const Target &target)
{
    const ApiResource &resource = *target.resource;
    const QJsonDocument document = QJsonDocument::fromJson(request.body);
    if (!document.isObject())
        return answer(
            status::badRequest(QStringLiteral("the body of the request is not a JSON object")));
    QJsonObject object = document.object();
    const auto decoded = decodeFields(
        request, object, resource, QStringLiteral("UpdateOptions"),
        [&](const QStringList &unknown) { return cannotBeHandled(resource, unknown); });
    if (const ApiError *bad = std::get_if<ApiError>(&decoded))
        return answer(*bad);
    QJsonObject metadata = metadataOf(object);
    if (metadata.value(QStringLiteral("name")).toString() != target.name)
        return answer(status::badRequest(
            QStringLiteral("the name of the object (%1) does not match the name on the URL (%2)")
                .arg(metadata.value(QStringLiteral("name")).toString(), target.name)));
    if (auto bad = checkData(object, resource))
        return answer(*bad);

    const auto guard = objects.lock();
    const auto existing = objects.get(idOf(resource), target.namespaceName, target.name);
    if (!existing)
        return answer(status::notFound(resource.plural, target.name));
    const QJsonObject current = metadataOf(*existing);
    // A uid is a precondition, checked first: a replace never lands on an object that was
    // deleted and made again under the same name.
    const QString uid = metadata.value(QStringLiteral("uid")).toString();
    const QString currentUid = current.value(QStringLiteral("uid")).toString();
    if (!uid.isEmpty() && uid != currentUid) {
        const QString key =
            QStringLiteral("%1/%2%3/%4")
                .arg(isDryRun(request) ? QString() : QStringLiteral("/registry"), resource.plural,
                     target.namespaceName.isEmpty() ? QString()
                                                    : QLatin1Char('/') + target.namespaceName,
                     target.name);
        return answer(status::cannotBeFulfilled(
            resource.plural, resource.group, target.name,
            QStringLiteral("StorageError: invalid object, Code: 4, Key: %1, ResourceVersion: 0, "
                           "AdditionalErrorMsg: Precondition failed: UID in precondition: %2, UID "
                           "in object meta: %3")
                .arg(key, uid, currentUid)));
    }
    const QString expected = metadata.value(QStringLiteral("resourceVersion")).toString();
    if (!expected.isEmpty()
        && expected != current.value(QStringLiteral("resourceVersion")).toString())
        return answer(status::conflict(resource.plural, resource.group, target.name));
    keepServerFields(metadata, current);
    object.insert(QStringLiteral("metadata"), metadata);
    object.insert(QStringLiteral("kind"), resource.kind);
    object.insert(QStringLiteral("apiVersion"), resource.groupVersion());
    return warned(store(request, target, object, QStringLiteral("MODIFIED"), 200),
                  std::get<QStringList>(decoded));
}

namespace {

// `existing` with a JSON patch (RFC 6902), a strategic merge patch or a JSON merge patch applied,
// or kube-apiserver's refusal.
std::variant<QJsonObject, ApiError> patchedObject(const QJsonObject &existing,
                                                  const QJsonDocument &document, bool jsonPatch,
                                                  bool strategic, const Schema &schema)
{
    if (jsonPatch) {
        const auto applied = applyJsonPatch(existing, document.array());
        if (applied && applied->isObject())
            return applied->toObject();
        // kube-apiserver says no more than this, whichever operation failed.
        ApiError refused = status::make(
            422, QStringLiteral("Invalid"),
            QStringLiteral("the server rejected our request due to an error in our request"));
        refused.status.insert(QStringLiteral("details"), QJsonObject());
        return refused;
    }
    if (strategic) {
        const auto applied = applyStrategicMergePatch(existing, document.object(), schema);
        if (!applied) // kube-apiserver answers a patch it cannot apply with a bare 500
            return status::internalError(applied.error().message);
        return *applied;
    }
    return applyMergePatch(existing, document.object()).toObject();
}

} // namespace

ApiResponse ApiHandler::patch(const ApiRequest &request, const Target &target)
{
    const ApiResource &resource = *target.resource;
    const QByteArray type = request.contentType.split(';').first().trimmed();
    const bool jsonPatch = type == "application/json-patch+json";
    const bool strategic = type == "application/strategic-merge-patch+json";
    if (!jsonPatch && !strategic && type != "application/merge-patch+json") {
        // Server-side apply (application/apply-patch+yaml) among them: the sandbox keeps no
        // managedFields to apply with, so it answers as a server without that patch type.
        return answer(status::unsupportedMediaType());
    }
    const QJsonDocument document = QJsonDocument::fromJson(request.body);
    if (jsonPatch && !document.isArray())
        return answer(status::badRequest(
            QStringLiteral("error decoding patch: json: cannot unmarshal object into Go value of "
                           "type []handlers.jsonPatchOp")));
    if (!jsonPatch && !document.isObject())
        return answer(status::badRequest(QStringLiteral(
            "json: cannot unmarshal array into Go value of type map[string]interface {}")));

    const auto guard = objects.lock();
    const auto existing = objects.get(idOf(resource), target.namespaceName, target.name);
    if (!existing)
        return answer(status::notFound(resource.plural, target.name));
    const auto applied =
        patchedObject(*existing, document, jsonPatch, strategic, schemaOf(resource));
    if (const ApiError *refused = std::get_if<ApiError>(&applied))
        return answer(*refused);
    QJsonObject patched = std::get<QJsonObject>(applied);
    // As kube-apiserver words it: a strategic patch is quoted as Go prints the patch, the others
    // as the patched object.
    const QString quoted =
        strategic ? goFormatted(document.object())
                  : QString::fromUtf8(QJsonDocument(patched).toJson(QJsonDocument::Compact));
    const auto decoded = decodeFields(
        request, patched, resource, QStringLiteral("PatchOptions"),
        [&](const QStringList &unknown) {
            return status::invalid(
                QString(), QString(),
                QJsonArray{QJsonObject{
                    {QStringLiteral("reason"), QStringLiteral("FieldValueInvalid")},
                    {QStringLiteral("message"), QStringLiteral("Invalid value: \"%1\": %2")
                                                    .arg(quoted, strictDecodingError(unknown))},
                    {QStringLiteral("field"), QStringLiteral("patch")}}});
        });
    if (const ApiError *bad = std::get_if<ApiError>(&decoded))
        return answer(*bad);
    QJsonObject metadata = metadataOf(patched);
    const QJsonObject current = metadataOf(*existing);
    if (const QString uid = metadata.value(QStringLiteral("uid")).toString();
        uid != current.value(QStringLiteral("uid")).toString())
        return answer(status::invalid(
            resource.kind, target.name,
            QJsonArray{
                QJsonObject{{QStringLiteral("reason"), QStringLiteral("FieldValueInvalid")},
                            {QStringLiteral("message"),
                             QStringLiteral("Invalid value: \"%1\": field is immutable").arg(uid)},
                            {QStringLiteral("field"), QStringLiteral("metadata.uid")}}}));
    // A patch may pin resourceVersion (optimistic locking); the identity fields stay.
    const QString expected = metadata.value(QStringLiteral("resourceVersion")).toString();
    if (expected != current.value(QStringLiteral("resourceVersion")).toString())
        return answer(status::conflict(resource.plural, resource.group, target.name));
    keepServerFields(metadata, current);
    patched.insert(QStringLiteral("metadata"), metadata);
    patched.insert(QStringLiteral("kind"), resource.kind);
    patched.insert(QStringLiteral("apiVersion"), resource.groupVersion());
    if (auto bad = checkData(patched, resource))
        return answer(*bad);
    return warned(store(request, target, patched, QStringLiteral("MODIFIED"), 200),
                  std::get<QStringList>(decoded));
}

namespace {

// DeleteOptions' preconditions: a delete meant for one version of an object (or one incarnation
// of its name) is refused once it has changed, in kube-apiserver's words.
std::optional<ApiError> preconditionFailed(const QByteArray &body, const QString &kind,
                                           const QString &name, const QJsonObject &existing)
{
    const QJsonObject preconditions =
        QJsonDocument::fromJson(body).object().value(QStringLiteral("preconditions")).toObject();
    const QJsonObject metadata = existing.value(QStringLiteral("metadata")).toObject();
    for (const auto &[field, shown, meaning] :
         {std::tuple{"uid", "UID", "deleted and then recreated"},
          {"resourceVersion", "ResourceVersion", "modified"}}) {
        const QString wanted = preconditions.value(QLatin1String(field)).toString();
        const QString actual = metadata.value(QLatin1String(field)).toString();
        if (!wanted.isEmpty() && wanted != actual)
            return status::make(
                409, QStringLiteral("Conflict"),
                QStringLiteral("Operation cannot be fulfilled on %1 \"%2\": the %3 in the "
                               "precondition (%4) does not match the %3 in record (%5). The "
                               "object might have been %6")
                    .arg(kind, name, QLatin1String(shown), wanted, actual, QLatin1String(meaning)),
                {{QStringLiteral("name"), name}, {QStringLiteral("kind"), kind}});
    }
    return std::nullopt;
}

} // namespace

namespace {

// kube-apiserver answers a finished DELETE with the object for the kinds whose storage sets
// ReturnDeletedObject (of the sandbox's: namespaces and service accounts), with a Status naming
// it for the rest.
QJsonObject deletedAnswer(const ApiResource &resource, const QJsonObject &object)
{
    if (resource.kind == QLatin1String("Namespace")
        || resource.kind == QLatin1String("ServiceAccount"))
        return object;
    const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    return status::deleted(resource.plural, resource.group,
                           metadata.value(QStringLiteral("name")).toString(),
                           metadata.value(QStringLiteral("uid")).toString());
}

} // namespace

ApiResponse ApiHandler::remove(const ApiRequest &request, const Target &target)
{
    const auto guard = objects.lock();
    const QString id = idOf(*target.resource);
    const auto existing = objects.get(id, target.namespaceName, target.name);
    if (!existing)
        return answer(status::notFound(target.resource->plural, target.name));
    if (auto failed =
            preconditionFailed(request.body, target.resource->kind, target.name, *existing))
        return answer(*failed);
    if (isDryRun(request))
        return {200, deletedAnswer(*target.resource, *existing), std::nullopt};
    // An object with finalizers is only marked for deletion; it goes once an update has removed
    // the last of them (see store()).
    QJsonObject metadata = metadataOf(*existing);
    if (!metadata.value(QStringLiteral("finalizers")).toArray().isEmpty()) {
        if (metadata.contains(QStringLiteral("deletionTimestamp")))
            return {200, *existing, std::nullopt};
        metadata.insert(QStringLiteral("deletionTimestamp"), nowRfc3339());
        metadata.insert(QStringLiteral("deletionGracePeriodSeconds"), 0);
        QJsonObject marked = *existing;
        marked.insert(QStringLiteral("metadata"), metadata);
        return {
            200,
            objects.put(id, target.namespaceName, target.name, marked, QStringLiteral("MODIFIED")),
            std::nullopt};
    }
    if (target.resource->kind == QLatin1String("Namespace")) {
        // Deleted at once with everything in it; the real server passes through Terminating.
        for (const ApiResource &inner : apiResources()) {
            if (!inner.namespaced)
                continue;
            for (const QJsonObject &object : objects.list(idOf(inner), target.name))
                objects.remove(idOf(inner), target.name,
                               metadataOf(object).value(QStringLiteral("name")).toString());
        }
    }
    return {200,
            deletedAnswer(*target.resource, *objects.remove(id, target.namespaceName, target.name)),
            std::nullopt};
}

ApiResponse ApiHandler::store(const ApiRequest &request, const Target &target, QJsonObject object,
                              const QString &type, int code)
{
    if (isDryRun(request))
        return {code, object, std::nullopt};
    const QJsonObject metadata = metadataOf(object);
    if (metadata.contains(QStringLiteral("deletionTimestamp"))
        && metadata.value(QStringLiteral("finalizers")).toArray().isEmpty()) {
        objects.remove(idOf(*target.resource), target.namespaceName, target.name);
        return {code, object, std::nullopt};
    }
    return {code,
            objects.put(idOf(*target.resource), target.namespaceName, target.name, object, type),
            std::nullopt};
}

ApiResponse ApiHandler::updateStatus(const ApiRequest &request, const Target &target)
{
    const QJsonDocument document = QJsonDocument::fromJson(request.body);
    if (!document.isObject())
        return answer(
            status::badRequest(QStringLiteral("the body of the request is not a JSON object")));
    const QJsonObject newStatus = document.object().value(QStringLiteral("status")).toObject();
    const auto guard = objects.lock();
    const auto existing = objects.get(idOf(*target.resource), target.namespaceName, target.name);
    if (!existing)
        return answer(status::notFound(target.resource->plural, target.name));
    if (target.subresource == QLatin1String("approval")) {
        // Approving is also a permission on the signer, as in kube-apiserver.
        const QString signer = existing->value(QStringLiteral("spec"))
                                   .toObject()
                                   .value(QStringLiteral("signerName"))
                                   .toString();
        const rbac::Request asked{QStringLiteral("approve"),
                                  QStringLiteral("certificates.k8s.io"),
                                  QStringLiteral("signers"),
                                  QString(),
                                  QString(),
                                  signer,
                                  QString()};
        if (!authorizer.decide(userOf(request.identity), asked).allowed)
            return answer(status::forbidden(
                request.identity.user, QStringLiteral("approve"), QStringLiteral("signers"),
                QStringLiteral("certificates.k8s.io"), QString(), signer));
    }
    const QString expected =
        metadataOf(document.object()).value(QStringLiteral("resourceVersion")).toString();
    if (!expected.isEmpty()
        && expected != metadataOf(*existing).value(QStringLiteral("resourceVersion")).toString())
        return answer(
            status::conflict(target.resource->plural, target.resource->group, target.name));
    QJsonObject updated = *existing;
    updated.insert(QStringLiteral("status"), newStatus);
    return store(request, target, updated, QStringLiteral("MODIFIED"), 200);
}

ApiResponse ApiHandler::requestToken(const ApiRequest &request, const Target &target)
{
    const auto account = objects.get(idOf(*target.resource), target.namespaceName, target.name);
    if (!account)
        return answer(status::notFound(target.resource->plural, target.name));
    QJsonObject review = QJsonDocument::fromJson(request.body).object();
    QJsonObject spec = review.value(QStringLiteral("spec")).toObject();
    const qint64 seconds = spec.contains(QStringLiteral("expirationSeconds"))
                               ? spec.value(QStringLiteral("expirationSeconds")).toInteger()
                               : 3600;
    if (seconds < 600)
        return answer(status::invalid(
            QStringLiteral("TokenRequest"), target.name,
            QJsonArray{QJsonObject{
                {QStringLiteral("reason"), QStringLiteral("FieldValueInvalid")},
                {QStringLiteral("message"),
                 QStringLiteral(
                     "Invalid value: %1: may not specify a duration less than 10 minutes")
                     .arg(seconds)},
                {QStringLiteral("field"), QStringLiteral("spec.expirationSeconds")}}}));
    QStringList audiences;
    for (const QJsonValue &audience : spec.value(QStringLiteral("audiences")).toArray())
        audiences << audience.toString();
    if (audiences.isEmpty())
        audiences << QLatin1String(ServiceAccountTokens::kIssuer);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime expires = now.addSecs(seconds);
    const auto token = tokens->issue(target.namespaceName, target.name,
                                     metadataOf(*account).value(QStringLiteral("uid")).toString(),
                                     audiences, expires, now);
    if (!token)
        return answer(status::make(500, QStringLiteral("InternalError"), token.error().message));
    spec.insert(QStringLiteral("audiences"), QJsonArray::fromStringList(audiences));
    spec.insert(QStringLiteral("expirationSeconds"), seconds);
    review.insert(QStringLiteral("kind"), QStringLiteral("TokenRequest"));
    review.insert(QStringLiteral("apiVersion"), QStringLiteral("authentication.k8s.io/v1"));
    review.insert(QStringLiteral("metadata"),
                  QJsonObject{{QStringLiteral("name"), target.name},
                              {QStringLiteral("namespace"), target.namespaceName},
                              {QStringLiteral("creationTimestamp"), nowRfc3339()}});
    review.insert(QStringLiteral("spec"), spec);
    review.insert(QStringLiteral("status"), QJsonObject{{QStringLiteral("token"), *token},
                                                        {QStringLiteral("expirationTimestamp"),
                                                         expires.toString(Qt::ISODate)}});
    return {201, review, std::nullopt};
}

} // namespace kubestrap::sandbox
