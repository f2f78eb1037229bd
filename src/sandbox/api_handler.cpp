#include "api_handler.h"

#include "admission.h"
#include "api_basics.h"

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

bool selected(const QJsonObject &object, const Selector &labels, const Selector &fields)
{
    return labels.matches(metadataOf(object).value(QStringLiteral("labels")).toObject())
           && fields.matches(selectableFields(object));
}

} // namespace

ApiHandler::ApiHandler(ObjectStore &store, QString serverAddress,
                       const ServiceAccountTokens *tokens)
    : objects(store), authorizer(store), serverAddress(std::move(serverAddress)), tokens(tokens)
{
}

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

namespace {

// The RBAC verb of `request` on a collection or a `named` object, as the API server's request info
// names it; empty when the method does not apply there.
QString verbOf(const ApiRequest &request, bool named, bool tokenRequest)
{
    const QString watch = request.query.queryItemValue(QStringLiteral("watch"));
    const bool watching = watch == QLatin1String("true") || watch == QLatin1String("1");
    if (request.method == "GET")
        return named ? QStringLiteral("get")
                     : (watching ? QStringLiteral("watch") : QStringLiteral("list"));
    if (request.method == "POST" && (!named || tokenRequest))
        return QStringLiteral("create");
    if (request.method == "PUT" && named)
        return QStringLiteral("update");
    if (request.method == "PATCH" && named)
        return QStringLiteral("patch");
    if (request.method == "DELETE" && named)
        return QStringLiteral("delete");
    return {};
}

} // namespace

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

    const QString verb = verbOf(request, !target->name.isEmpty(), tokenRequest);
    if (verb.isEmpty())
        return answer(status::methodNotAllowed());

    if (auto refused = authorize(request.identity, verb, *target))
        return answer(*refused);
    if (!request.shape())
        return answer(status::notAcceptable(
            QStringLiteral("only the following media types are accepted: application/json, "
                           "application/yaml, application/vnd.kubernetes.protobuf")));
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
    switch (*request.shape()) {
    case Shape::Table:
        return {200, tableOf(*target.resource, {*object}, QJsonObject()), std::nullopt};
    case Shape::Metadata:
        return {200, partialObjectMetadata(*object), std::nullopt};
    case Shape::MetadataList:
        return answer(status::notAcceptable(
            QStringLiteral("you requested PartialObjectMetadataList, but the requested object is "
                           "not a list (*%1)")
                .arg(internalType(*target.resource, target.resource->kind))));
    case Shape::Objects:
        break;
    }
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
    const Shape shape = *request.shape();
    if (shape == Shape::Metadata)
        return answer(status::notAcceptable(
            QStringLiteral("you requested PartialObjectMetadata, but the requested object is a "
                           "list (*%1)")
                .arg(internalType(*target.resource, target.resource->listKind()))));
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
    std::optional<ObjectStore::Position> from;
    if (!after.isEmpty())
        from = ObjectStore::Position{after.section(QLatin1Char('/'), 0, 0),
                                     after.section(QLatin1Char('/'), 1)};
    for (const QJsonObject &object :
         objects.list(idOf(*target.resource), target.namespaceName, from)) {
        if (!selected(object, *labels, *fields))
            continue;
        if (limit > 0 && items.size() == limit) {
            next = continueToken(listVersion, keyWithin(page.back()));
            break;
        }
        page.push_back(object);
        if (shape == Shape::MetadataList) {
            items.append(partialObjectMetadata(object)); // these items do say their kind
            continue;
        }
        QJsonObject item = object;
        item.remove(QStringLiteral("kind")); // list items carry no kind, as from the real server
        item.remove(QStringLiteral("apiVersion"));
        items.append(item);
    }
    QJsonObject metadata{{QStringLiteral("resourceVersion"), QString::number(listVersion)}};
    if (!next.isEmpty())
        metadata.insert(QStringLiteral("continue"), next);
    if (shape == Shape::Table)
        return {200, tableOf(*target.resource, page, metadata), std::nullopt};
    if (shape == Shape::MetadataList)
        return {200,
                {{QStringLiteral("kind"), QStringLiteral("PartialObjectMetadataList")},
                 {QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1")},
                 {QStringLiteral("metadata"), metadata},
                 {QStringLiteral("items"), items}},
                std::nullopt};
    return {200,
            {{QStringLiteral("kind"), target.resource->listKind()},
             {QStringLiteral("apiVersion"), target.resource->groupVersion()},
             {QStringLiteral("metadata"), metadata},
             {QStringLiteral("items"), items}},
            std::nullopt};
}

} // namespace kubestrap::sandbox
