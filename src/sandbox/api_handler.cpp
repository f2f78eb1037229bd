#include "api_handler.h"

#include "api_table.h"
#include "bootstrap_token.h"
#include "field_validation.h"
#include "json_patch.h"
#include "label_selector.h"
#include "merge_patch.h"
#include "object_names.h"
#include "openapi.h"
#include "protobuf_body.h"
#include "rbac.h"
#include "reviews.h"
#include "strategic_merge_patch.h"
#include "x509.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <map>
#include <set>

namespace kubestrap::sandbox {

namespace {

ApiResponse answer(const ApiError &error)
{
    return {error.code, error.status, std::nullopt};
}

QString idOf(const ApiResource &resource)
{
    return resource.groupVersion() + QLatin1Char('/') + resource.plural;
}

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject();
}

QString nowRfc3339()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

bool isDryRun(const ApiRequest &request)
{
    return request.query.queryItemValue(QStringLiteral("dryRun")) == QLatin1String("All");
}

Schema schemaOf(const ApiResource &resource)
{
    return OpenApi::recorded().schemaOf(resource.groupVersion(), resource.kind);
}

// Decodes `object` as kube-apiserver decodes a body into its Go type: fields the type does not
// have are dropped, or with ?fieldValidation=Strict refused with `refusal(unknown fields)`.
// Returns the Warning headers to send, or the error to answer.
std::variant<QStringList, ApiError>
decodeFields(const ApiRequest &request, QJsonObject &object, const ApiResource &resource,
             const QString &options, const std::function<ApiError(const QStringList &)> &refusal)
{
    const auto validation =
        fieldValidationOf(request.query.queryItemValue(QStringLiteral("fieldValidation")), options);
    if (const ApiError *bad = std::get_if<ApiError>(&validation))
        return *bad;
    const QStringList unknown = dropUnknownFields(object, schemaOf(resource));
    const FieldValidation mode = std::get<FieldValidation>(validation);
    if (unknown.isEmpty() || mode == FieldValidation::Ignore)
        return QStringList();
    if (mode == FieldValidation::Strict)
        return refusal(unknown);
    return unknown;
}

// The metadata an update or patch cannot change: identity, creation and a deletion under way.
void keepServerFields(QJsonObject &metadata, const QJsonObject &current)
{
    for (const char *kept : {"name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                             "deletionGracePeriodSeconds"}) {
        if (current.contains(QLatin1String(kept)))
            metadata.insert(QLatin1String(kept), current.value(QLatin1String(kept)));
    }
}

// The refusal of a strictly decoded create or update.
ApiError cannotBeHandled(const ApiResource &resource, const QStringList &unknown)
{
    return status::badRequest(
        QStringLiteral("%1 in version \"%2\" cannot be handled as a %1: %3")
            .arg(resource.kind, resource.version, strictDecodingError(unknown)));
}

ApiResponse warned(ApiResponse response, const QStringList &unknown)
{
    for (const QString &field : unknown)
        response.headers.emplace_back("Warning", unknownFieldWarning(field));
    return response;
}

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject resourceList(const QString &groupVersion)
{
    QJsonArray resources;
    for (const ApiResource &r : apiResources()) {
        if (r.groupVersion() != groupVersion)
            continue;
        resources.append(QJsonObject{{QStringLiteral("name"), r.plural},
                                     {QStringLiteral("singularName"), r.singular},
                                     {QStringLiteral("namespaced"), r.namespaced},
                                     {QStringLiteral("kind"), r.kind},
                                     {QStringLiteral("verbs"), toArray(r.verbs)},
                                     {QStringLiteral("shortNames"), toArray(r.shortNames)}});
    }
    return {{QStringLiteral("kind"), QStringLiteral("APIResourceList")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("groupVersion"), groupVersion},
            {QStringLiteral("resources"), resources}};
}

QJsonObject groupList()
{
    // Each group once, with its versions in the order served; the first is preferred.
    QStringList names;
    std::map<QString, QJsonArray> versions;
    for (const ApiResource &r : apiResources()) {
        if (r.group.isEmpty())
            continue;
        QJsonArray &list = versions[r.group];
        const QJsonObject version{{QStringLiteral("groupVersion"), r.groupVersion()},
                                  {QStringLiteral("version"), r.version}};
        if (list.isEmpty())
            names << r.group;
        if (!list.contains(version))
            list.append(version);
    }
    QJsonArray groups;
    for (const QString &name : names)
        groups.append(QJsonObject{{QStringLiteral("name"), name},
                                  {QStringLiteral("versions"), versions[name]},
                                  {QStringLiteral("preferredVersion"), versions[name].first()}});
    return {{QStringLiteral("kind"), QStringLiteral("APIGroupList")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("groups"), groups}};
}

// The continue token: where the next page starts. Opaque to clients, as the real one is.
QString continueToken(qint64 resourceVersion, const QString &after)
{
    const QJsonObject token{{QStringLiteral("rv"), QString::number(resourceVersion)},
                            {QStringLiteral("start"), after}};
    return QString::fromLatin1(QJsonDocument(token)
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(QByteArray::Base64UrlEncoding));
}

QString keyWithin(const QJsonObject &object)
{
    const QJsonObject metadata = metadataOf(object);
    return metadata.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
           + metadata.value(QStringLiteral("name")).toString();
}

// kube-apiserver's CertificateSubjectRestriction admission: no system:masters certificate from
// the kube-apiserver-client signer.
std::optional<ApiError> restrictSubject(const QJsonObject &csr, const QString &name)
{
    const QJsonObject spec = csr.value(QStringLiteral("spec")).toObject();
    const QString signer = spec.value(QStringLiteral("signerName")).toString();
    if (signer != QLatin1String("kubernetes.io/kube-apiserver-client"))
        return std::nullopt;
    const auto request = x509::inspectRequest(
        QByteArray::fromBase64(spec.value(QStringLiteral("request")).toString().toLatin1()));
    if (!request || !request->organizations.contains(QLatin1String("system:masters")))
        return std::nullopt;
    return status::forbiddenBecause(
        QStringLiteral("certificatesigningrequests"), QStringLiteral("certificates.k8s.io"), name,
        QStringLiteral("use of %1 signer with system:masters group is not allowed").arg(signer));
}

// What the API server checks in a CertificateSigningRequest before storing it.
std::optional<ApiError> checkCertificateRequest(const QJsonObject &csr, const QString &name)
{
    const QJsonObject spec = csr.value(QStringLiteral("spec")).toObject();
    QJsonArray causes;
    const auto problem = [&](const char *field, const QString &message) {
        causes.append(QJsonObject{{QStringLiteral("reason"), QStringLiteral("FieldValueInvalid")},
                                  {QStringLiteral("message"), message},
                                  {QStringLiteral("field"), QLatin1String(field)}});
    };
    const QByteArray pem =
        QByteArray::fromBase64(spec.value(QStringLiteral("request")).toString().toLatin1());
    if (const auto request = x509::inspectRequest(pem); !request)
        problem("spec.request", QStringLiteral("Invalid value: %1").arg(request.error().message));
    if (spec.value(QStringLiteral("signerName")).toString().isEmpty())
        problem("spec.signerName", QStringLiteral("Required value"));
    if (spec.value(QStringLiteral("usages")).toArray().isEmpty())
        problem("spec.usages", QStringLiteral("Required value"));
    if (spec.contains(QStringLiteral("expirationSeconds"))
        && spec.value(QStringLiteral("expirationSeconds")).toInteger() < 600)
        problem(
            "spec.expirationSeconds",
            QStringLiteral(
                "Invalid value: may not specify a duration less than 600 seconds (10 minutes)"));
    if (causes.isEmpty())
        return std::nullopt;
    return status::invalid(QStringLiteral("CertificateSigningRequest"), name, causes);
}

// Why the API server refuses a list's or watch's selectors before reading anything, or nothing.
std::optional<QString> selectorProblem(const Result<Selector> &labels,
                                       const Result<Selector> &fields, const QString &kind)
{
    if (!labels)
        return labels.error().message;
    if (!fields)
        return fields.error().message;
    return unsupportedFieldLabel(kind, *fields);
}

bool selected(const QJsonObject &object, const Selector &labels, const Selector &fields)
{
    return labels.matches(metadataOf(object).value(QStringLiteral("labels")).toObject())
           && fields.matches(selectableFields(object));
}

// What the API server fills in on objects it creates.
void defaults(QJsonObject &object, const ApiResource &resource)
{
    if (resource.kind == QLatin1String("Secret") && !object.contains(QStringLiteral("type")))
        object.insert(QStringLiteral("type"), QStringLiteral("Opaque"));
    if (resource.kind == QLatin1String("Namespace")) {
        QJsonObject metadata = metadataOf(object);
        QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
        labels.insert(QStringLiteral("kubernetes.io/metadata.name"),
                      metadata.value(QStringLiteral("name")));
        metadata.insert(QStringLiteral("labels"), labels);
        object.insert(QStringLiteral("metadata"), metadata);
        object.insert(
            QStringLiteral("spec"),
            QJsonObject{{QStringLiteral("finalizers"), QJsonArray{QStringLiteral("kubernetes")}}});
        object.insert(QStringLiteral("status"),
                      QJsonObject{{QStringLiteral("phase"), QStringLiteral("Active")}});
    }
}

// Secret data must be base64, as the real server decodes it into bytes. A bootstrap token's
// Secret is stored whatever it holds, as kube-apiserver stores it: the authenticator and kubeadm
// ignore a malformed one.
std::optional<ApiError> checkData(const QJsonObject &object, const ApiResource &resource)
{
    if (resource.kind != QLatin1String("Secret"))
        return std::nullopt;
    const QJsonObject data = object.value(QStringLiteral("data")).toObject();
    for (auto it = data.begin(); it != data.end(); ++it) {
        const QByteArray text = it.value().toString().toLatin1();
        if (!QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors))
            return status::badRequest(
                QStringLiteral("Secret in version \"v1\" cannot be handled as a Secret: illegal "
                               "base64 data in data[\"%1\"]")
                    .arg(it.key()));
    }
    return std::nullopt;
}

} // namespace

ApiHandler::ApiHandler(ObjectStore &store, QString serverAddress,
                       const ServiceAccountTokens *tokens)
    : objects(store), authorizer(store), serverAddress(std::move(serverAddress)), tokens(tokens)
{
}

namespace {

rbac::UserInfo userOf(const Identity &identity)
{
    return {identity.user, identity.groups};
}

} // namespace

std::optional<ApiError> ApiHandler::impersonate(ApiRequest &request) const
{
    if (request.impersonateUser.isEmpty()) {
        if (!request.impersonateGroups.isEmpty())
            return status::badRequest(
                QStringLiteral("requested groups %1 without impersonating a user")
                    .arg(request.impersonateGroups.join(QLatin1Char(','))));
        return std::nullopt;
    }
    const rbac::UserInfo caller = userOf(request.identity);
    const auto check = [&](const QString &resource, const QString &name,
                           const QString &ns) -> std::optional<ApiError> {
        rbac::Request asked{
            QStringLiteral("impersonate"), QString(), resource, QString(), ns, name, QString()};
        if (authorizer.decide(caller, asked).allowed)
            return std::nullopt;
        return status::forbidden(caller.name, QStringLiteral("impersonate"), resource, QString(),
                                 ns, name);
    };
    // system:serviceaccount:<namespace>:<name> is impersonated as that service account.
    const auto account = rbac::serviceAccountOf(request.impersonateUser);
    if (auto refused =
            account ? check(QStringLiteral("serviceaccounts"), account->second, account->first)
                    : check(QStringLiteral("users"), request.impersonateUser, QString()))
        return refused;
    for (const QString &group : request.impersonateGroups) {
        if (auto refused = check(QStringLiteral("groups"), group, QString()))
            return refused;
    }
    // The groups the API server adds as it impersonates: the rule lives in core.
    const QStringList groups =
        rbac::withImplicitGroups({request.impersonateUser, request.impersonateGroups}).groups;
    request.identity = {request.impersonateUser, QString(), groups};
    return std::nullopt;
}

ApiResponse ApiHandler::review(const ApiRequest &request, const Target &target)
{
    const QJsonDocument document = QJsonDocument::fromJson(request.body);
    if (!document.isObject())
        return answer(
            status::badRequest(QStringLiteral("the body of the request is not a JSON object")));
    auto answered =
        answerReview(*target.resource, document.object(), userOf(request.identity), authorizer);
    if (const ApiError *error = std::get_if<ApiError>(&answered))
        return answer(*error);
    return {201, std::get<QJsonObject>(answered), std::nullopt};
}

std::optional<ApiResponse> ApiHandler::discovery(const ApiRequest &request) const
{
    const QString &path = request.path;
    if (path == QLatin1String("/version")) {
        return ApiResponse{
            200,
            {{QStringLiteral("major"), QStringLiteral("1")},
             {QStringLiteral("minor"), QStringLiteral("33")},
             {QStringLiteral("gitVersion"), QStringLiteral("v1.33.0+kubestrap-sandbox")},
             {QStringLiteral("gitCommit"),
              QStringLiteral("0000000000000000000000000000000000000000")},
             {QStringLiteral("gitTreeState"), QStringLiteral("clean")},
             {QStringLiteral("buildDate"), QStringLiteral("2026-01-01T00:00:00Z")},
             {QStringLiteral("goVersion"), QStringLiteral("go1.24.0")},
             {QStringLiteral("compiler"), QStringLiteral("gc")},
             {QStringLiteral("platform"), QStringLiteral("linux/amd64")}},
            std::nullopt};
    }
    if (path == QLatin1String("/api")) {
        const QJsonObject address{{QStringLiteral("clientCIDR"), QStringLiteral("0.0.0.0/0")},
                                  {QStringLiteral("serverAddress"), serverAddress}};
        return ApiResponse{200,
                           {{QStringLiteral("kind"), QStringLiteral("APIVersions")},
                            {QStringLiteral("versions"), QJsonArray{QStringLiteral("v1")}},
                            {QStringLiteral("serverAddressByClientCIDRs"), QJsonArray{address}}},
                           std::nullopt};
    }
    if (path == QLatin1String("/apis"))
        return ApiResponse{200, groupList(), std::nullopt};
    const auto served = [](const QString &groupVersion) {
        const auto &all = apiResources();
        return std::any_of(all.begin(), all.end(),
                           [&](const ApiResource &r) { return r.groupVersion() == groupVersion; });
    };
    if (const auto document = OpenApi::recorded().answer(
            path, request.accept, request.query.queryItemValue(QStringLiteral("hash")), served)) {
        ApiResponse response{document->code,        {}, std::nullopt, document->body,
                             document->contentType, {}};
        response.headers.emplace_back("Cache-Control", document->immutable ? "public, immutable"
                                                                           : "no-cache, private");
        if (!document->etag.isEmpty())
            response.headers.emplace_back("Etag", '"' + document->etag + '"');
        if (!document->location.isEmpty())
            response.headers.emplace_back("Location", document->location);
        return response;
    }
    if (path == QLatin1String("/api/v1"))
        return ApiResponse{200, resourceList(QStringLiteral("v1")), std::nullopt};
    if (path.startsWith(QLatin1String("/apis/")) && path.count(QLatin1Char('/')) == 3) {
        const QString groupVersion = path.mid(6);
        for (const ApiResource &r : apiResources()) {
            if (r.groupVersion() == groupVersion)
                return ApiResponse{200, resourceList(groupVersion), std::nullopt};
        }
    }
    return std::nullopt;
}

std::optional<ApiHandler::Target> ApiHandler::route(const QString &path) const
{
    QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString groupVersion;
    if (segments.value(0) == QLatin1String("api") && segments.size() >= 2) {
        groupVersion = segments.at(1);
        segments = segments.mid(2);
    } else if (segments.value(0) == QLatin1String("apis") && segments.size() >= 3) {
        groupVersion = segments.at(1) + QLatin1Char('/') + segments.at(2);
        segments = segments.mid(3);
    } else {
        return std::nullopt;
    }
    Target target;
    // namespaces/<ns>/<resource>/… unless <resource> is a subresource of the namespace itself.
    if (segments.size() >= 3 && segments.at(0) == QLatin1String("namespaces")) {
        const ApiResource *inner = findResource(groupVersion, segments.at(2));
        if (inner && inner->namespaced) {
            target.namespaceName = segments.at(1);
            segments = segments.mid(2);
        }
    }
    if (segments.isEmpty() || segments.size() > 3)
        return std::nullopt;
    target.resource = findResource(groupVersion, segments.at(0));
    if (!target.resource)
        return std::nullopt;
    target.name = segments.value(1);
    target.subresource = segments.value(2);
    return target;
}

std::optional<ApiError> ApiHandler::authorize(const Identity &identity, const QString &verb,
                                              const Target &target) const
{
    const rbac::Request asked{verb,
                              target.resource->group,
                              target.resource->plural,
                              target.subresource,
                              target.namespaceName,
                              target.name,
                              QString()};
    if (authorizer.decide(userOf(identity), asked).allowed)
        return std::nullopt;
    return status::forbidden(identity.user, verb, target.resource->plural, target.resource->group,
                             target.namespaceName, target.name);
}

ApiResponse ApiHandler::handle(const ApiRequest &incoming)
{
    ApiRequest request = incoming;
    if (auto refused = impersonate(request))
        return answer(*refused);
    if (request.method == "GET") {
        if (auto answered = discovery(request)) {
            const rbac::Request asked{QStringLiteral("get"), {}, {}, {}, {}, {}, request.path};
            if (!authorizer.decide(userOf(request.identity), asked).allowed)
                return answer(
                    status::make(403, QStringLiteral("Forbidden"),
                                 QStringLiteral("forbidden: User \"%1\" cannot get path \"%2\"")
                                     .arg(request.identity.user, request.path)));
            return *answered;
        }
    }
    const auto target = route(request.path);
    if (!target)
        return answer(status::pathNotFound());
    // Subresources served so far: a CSR's approval and status, read and replaced whole.
    const bool statusLike = target->subresource == QLatin1String("approval")
                            || target->subresource == QLatin1String("status");
    const bool csrStatus = target->resource->kind == QLatin1String("CertificateSigningRequest")
                           && statusLike && (request.method == "GET" || request.method == "PUT");
    const bool tokenRequest = target->resource->kind == QLatin1String("ServiceAccount")
                              && target->subresource == QLatin1String("token")
                              && request.method == "POST" && tokens;
    if (!target->subresource.isEmpty() && !csrStatus && !tokenRequest)
        return answer(status::pathNotFound());

    const bool watching =
        request.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("true")
        || request.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1");
    QString verb;
    if (request.method == "GET")
        verb = target->name.isEmpty()
                   ? (watching ? QStringLiteral("watch") : QStringLiteral("list"))
                   : QStringLiteral("get");
    else if (request.method == "POST" && (target->name.isEmpty() || tokenRequest))
        verb = QStringLiteral("create");
    else if (request.method == "PUT" && !target->name.isEmpty())
        verb = QStringLiteral("update");
    else if (request.method == "PATCH" && !target->name.isEmpty())
        verb = QStringLiteral("patch");
    else if (request.method == "DELETE" && !target->name.isEmpty())
        verb = QStringLiteral("delete");
    else
        return answer(status::methodNotAllowed());

    if (auto refused = authorize(request.identity, verb, *target))
        return answer(*refused);
    if (request.contentType.startsWith("application/vnd.kubernetes.protobuf")) {
        // Read once here, so every handler below sees JSON.
        const auto decoded = decodeProtobufBody(request.body);
        if (!decoded)
            return answer(status::badRequest(decoded.error().message));
        ApiRequest asJson = request;
        asJson.body = QJsonDocument(*decoded).toJson(QJsonDocument::Compact);
        asJson.contentType = "application/json";
        asJson.impersonateUser.clear(); // the identity is already the impersonated one
        asJson.impersonateGroups.clear();
        return handle(asJson);
    }
    if (verb == QLatin1String("create")
        && (target->resource->group == QLatin1String("authorization.k8s.io")
            || target->resource->group == QLatin1String("authentication.k8s.io")))
        return review(request, *target);
    if (verb == QLatin1String("get"))
        return get(request, *target);
    if (verb == QLatin1String("list"))
        return list(request, *target);
    if (verb == QLatin1String("watch"))
        return watch(request, *target);
    if (tokenRequest)
        return requestToken(request, *target);
    if (verb == QLatin1String("create"))
        return create(request, *target);
    if (verb == QLatin1String("update") && !target->subresource.isEmpty())
        return updateStatus(request, *target);
    if (verb == QLatin1String("update"))
        return update(request, *target);
    if (verb == QLatin1String("patch"))
        return patch(request, *target);
    return remove(request, *target);
}

ApiResponse ApiHandler::get(const ApiRequest &request, const Target &target)
{
    const auto object = objects.get(idOf(*target.resource), target.namespaceName, target.name);
    if (!object)
        return answer(status::notFound(target.resource->plural, target.name));
    if (request.wantsTable())
        return {200, tableOf(*target.resource, {*object}, QJsonObject()), std::nullopt};
    return {200, *object, std::nullopt};
}

ApiResponse ApiHandler::list(const ApiRequest &request, const Target &target)
{
    const auto labels = Selector::parse(
        request.query.queryItemValue(QStringLiteral("labelSelector"), QUrl::FullyDecoded), false);
    const auto fields = Selector::parse(
        request.query.queryItemValue(QStringLiteral("fieldSelector"), QUrl::FullyDecoded), true);
    if (const auto refused = selectorProblem(labels, fields, target.resource->kind))
        return answer(status::badRequest(*refused));
    const qint64 limit = request.query.queryItemValue(QStringLiteral("limit")).toLongLong();
    qint64 listVersion = objects.resourceVersion();
    QString after;
    if (const QString token = request.query.queryItemValue(QStringLiteral("continue"));
        !token.isEmpty()) {
        const QJsonObject decoded =
            QJsonDocument::fromJson(
                QByteArray::fromBase64(token.toLatin1(), QByteArray::Base64UrlEncoding))
                .object();
        if (decoded.isEmpty())
            return answer(status::badRequest(
                QStringLiteral("continue key is not valid: invalid continue token")));
        const qint64 tokenVersion = decoded.value(QStringLiteral("rv")).toString().toLongLong();
        after = decoded.value(QStringLiteral("start")).toString();
        // As kube-apiserver after a compaction: 410, with a token that goes on from now (-1)
        // for a client that accepts an inconsistent list.
        if (tokenVersion != -1 && objects.compacted(tokenVersion)) {
            ApiError expired = status::make(
                410, QStringLiteral("Expired"),
                QStringLiteral(
                    "The provided continue parameter is too old to display a consistent list "
                    "result. You can start a new list without the continue parameter, or use the "
                    "continue token in this response to retrieve the remainder of the results. "
                    "Continuing with the provided token results in an inconsistent list - "
                    "objects that were created, modified, or deleted between the time the first "
                    "chunk was returned and now may show up in the list."));
            expired.status.insert(
                QStringLiteral("metadata"),
                QJsonObject{{QStringLiteral("continue"), continueToken(-1, after)}});
            return answer(expired);
        }
        if (tokenVersion != -1)
            listVersion = tokenVersion;
    }

    QJsonArray items;
    std::vector<QJsonObject> page;
    QString next;
    for (const QJsonObject &object : objects.list(idOf(*target.resource), target.namespaceName)) {
        if (!after.isEmpty() && keyWithin(object) <= after)
            continue;
        if (!selected(object, *labels, *fields))
            continue;
        if (limit > 0 && items.size() == limit) {
            next = continueToken(listVersion, keyWithin(page.back()));
            break;
        }
        page.push_back(object);
        QJsonObject item = object;
        item.remove(QStringLiteral("kind")); // list items carry no kind, as from the real server
        item.remove(QStringLiteral("apiVersion"));
        items.append(item);
    }
    QJsonObject metadata{{QStringLiteral("resourceVersion"), QString::number(listVersion)}};
    if (!next.isEmpty())
        metadata.insert(QStringLiteral("continue"), next);
    if (request.wantsTable())
        return {200, tableOf(*target.resource, page, metadata), std::nullopt};
    return {200,
            {{QStringLiteral("kind"), target.resource->listKind()},
             {QStringLiteral("apiVersion"), target.resource->groupVersion()},
             {QStringLiteral("metadata"), metadata},
             {QStringLiteral("items"), items}},
            std::nullopt};
}

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
    const Schema schema = schemaOf(resource);
    QJsonObject patched;
    if (jsonPatch) {
        const auto applied = applyJsonPatch(*existing, document.array());
        if (!applied || !applied->isObject()) {
            // kube-apiserver says no more than this, whichever operation failed.
            ApiError refused = status::make(
                422, QStringLiteral("Invalid"),
                QStringLiteral("the server rejected our request due to an error in our request"));
            refused.status.insert(QStringLiteral("details"), QJsonObject());
            return answer(refused);
        }
        patched = applied->toObject();
    } else if (strategic) {
        const auto applied = applyStrategicMergePatch(*existing, document.object(), schema);
        if (!applied) // kube-apiserver answers a patch it cannot apply with a bare 500
            return answer(status::internalError(applied.error().message));
        patched = *applied;
    } else {
        patched = applyMergePatch(*existing, document.object()).toObject();
    }
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

ApiResponse ApiHandler::remove(const ApiRequest &request, const Target &target)
{
    const auto guard = objects.lock();
    const QString id = idOf(*target.resource);
    const auto existing = objects.get(id, target.namespaceName, target.name);
    if (!existing)
        return answer(status::notFound(target.resource->plural, target.name));
    if (isDryRun(request))
        return {200, *existing, std::nullopt};
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
    return {200, *objects.remove(id, target.namespaceName, target.name), std::nullopt};
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

ApiResponse ApiHandler::watch(const ApiRequest &request, const Target &target)
{
    WatchPlan plan;
    plan.resource = target.resource;
    plan.namespaceName = target.namespaceName;
    plan.bookmarks = request.query.queryItemValue(QStringLiteral("allowWatchBookmarks"))
                     == QLatin1String("true");
    plan.asTable = request.wantsTable();
    plan.labelSelector =
        request.query.queryItemValue(QStringLiteral("labelSelector"), QUrl::FullyDecoded);
    plan.fieldSelector =
        request.query.queryItemValue(QStringLiteral("fieldSelector"), QUrl::FullyDecoded);
    if (const auto refused =
            selectorProblem(Selector::parse(plan.labelSelector, false),
                            Selector::parse(plan.fieldSelector, true), target.resource->kind))
        return answer(status::badRequest(*refused));
    if (const qint64 seconds =
            request.query.queryItemValue(QStringLiteral("timeoutSeconds")).toLongLong();
        seconds > 0)
        plan.timeout = std::chrono::seconds(seconds);
    const QString from = request.query.queryItemValue(QStringLiteral("resourceVersion"));
    if (from.isEmpty() || from == QLatin1String("0")) {
        // "Any version": the current objects as ADDED events, then what follows.
        const auto guard = objects.lock();
        plan.fromVersion = objects.resourceVersion();
        for (const QJsonObject &object : objects.list(idOf(*target.resource), target.namespaceName))
            plan.initialEvents.push_back({plan.fromVersion, QStringLiteral("ADDED"),
                                          idOf(*target.resource), target.namespaceName, object});
    } else {
        plan.fromVersion = from.toLongLong();
        plan.expired =
            !objects.eventsAfter(plan.fromVersion, idOf(*target.resource), target.namespaceName);
    }
    return {200, {}, plan};
}

void ApiHandler::stream(const WatchPlan &plan, const std::function<bool(const QByteArray &)> &write)
{
    // kube-apiserver's watch cache sends a bookmark about once a minute.
    constexpr auto kBookmarkEvery = std::chrono::minutes(1);
    const auto line = [&](const QString &type, const QJsonObject &object) {
        const bool table =
            plan.asTable && type != QLatin1String("ERROR") && type != QLatin1String("BOOKMARK");
        const QJsonObject shown = table ? tableOf(*plan.resource, {object}, QJsonObject()) : object;
        return write(QJsonDocument(QJsonObject{{QStringLiteral("type"), type},
                                               {QStringLiteral("object"), shown}})
                         .toJson(QJsonDocument::Compact)
                     + '\n');
    };
    const auto expired = [&] {
        const ApiError error = status::gone(plan.fromVersion, objects.resourceVersion());
        line(QStringLiteral("ERROR"), error.status);
    };
    if (plan.expired)
        return expired();
    const auto labels = Selector::parse(plan.labelSelector, false);
    const auto fields = Selector::parse(plan.fieldSelector, true);
    const auto wanted = [&](const QJsonObject &object) {
        return (!labels
                || labels->matches(metadataOf(object).value(QStringLiteral("labels")).toObject()))
               && (!fields || fields->matches(selectableFields(object)));
    };
    for (const WatchEvent &event : plan.initialEvents) {
        if (wanted(event.object) && !line(event.type, event.object))
            return;
    }
    const auto deadline = std::chrono::steady_clock::now() + plan.timeout;
    auto lastBookmark = std::chrono::steady_clock::now();
    qint64 seen = plan.fromVersion;
    while (!objects.stopped() && std::chrono::steady_clock::now() < deadline) {
        const qint64 now = objects.resourceVersion();
        const auto events = objects.eventsAfter(seen, idOf(*plan.resource), plan.namespaceName);
        if (!events)
            return expired();
        for (const WatchEvent &event : *events) {
            if (event.resourceVersion <= now && wanted(event.object)
                && !line(event.type, event.object))
                return;
        }
        seen = now;
        if (plan.bookmarks && std::chrono::steady_clock::now() - lastBookmark > kBookmarkEvery) {
            const QJsonObject bookmark{
                {QStringLiteral("kind"), plan.resource->kind},
                {QStringLiteral("apiVersion"), plan.resource->groupVersion()},
                {QStringLiteral("metadata"),
                 QJsonObject{{QStringLiteral("resourceVersion"), QString::number(seen)}}}};
            if (!line(QStringLiteral("BOOKMARK"), bookmark))
                return;
            lastBookmark = std::chrono::steady_clock::now();
        }
        objects.waitForChange(seen, std::chrono::seconds(1));
    }
}

} // namespace kubestrap::sandbox
