#pragma once

#include "api_resources.h"
#include "api_status.h"
#include "cluster_authorizer.h"
#include "media_type.h"
#include "object_store.h"
#include "service_account_tokens.h"

#include <QJsonObject>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace kubestrap::sandbox {

// Who made a request, as authentication decided.
struct Identity {
    QString user;
    QString uid;
    QStringList groups;
};

struct ApiRequest {
    QByteArray method;
    QString path;
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType;
    QByteArray accept;
    Identity identity;
    // Impersonate-User and Impersonate-Group headers (kubectl --as, --as-group).
    QString impersonateUser;
    QStringList impersonateGroups;

    // kubectl asks for server-side tables when it prints (get, get --watch), metadata informers
    // for metadata only; nothing when no form it accepts can be served.
    std::optional<Shape> shape() const { return negotiateShape(accept); }
};

// A watch to stream after the response headers: what to follow and from where.
struct WatchPlan {
    const ApiResource *resource = nullptr;
    QString namespaceName;
    std::vector<WatchEvent> initialEvents;
    qint64 fromVersion = 0;
    bool expired = false; // the requested version is gone: send one 410 ERROR event and stop
    bool bookmarks = false;
    std::chrono::seconds timeout{1800};
    QString labelSelector;
    QString fieldSelector;
    Shape shape = Shape::Objects;
};

struct ApiResponse {
    int code = 200;
    QJsonObject body;
    std::optional<WatchPlan> watch;
    // Sent instead of `body` when set (the OpenAPI documents), with its media type.
    QByteArray raw = {};
    QByteArray rawType = {};
    // More response headers: Warning for dropped fields, ETag and Cache-Control for documents.
    std::vector<std::pair<QByteArray, QByteArray>> headers = {};
};

// The Kubernetes API, transport aside: routes a request to discovery or a resource, checks the
// caller may do it, validates, reads or changes the store, and answers as kube-apiserver would.
class ApiHandler {
public:
    // `tokens` signs what TokenRequest issues; without it, TokenRequest is not served.
    ApiHandler(ObjectStore &store, QString serverAddress,
               const ServiceAccountTokens *tokens = nullptr);

    ApiResponse handle(const ApiRequest &request);

    // Whether `user` may do `request`, for controllers that run SubjectAccessReviews.
    bool authorizeAs(const rbac::UserInfo &user, const rbac::Request &request) const
    {
        return authorizer.decide(user, request).allowed;
    }

    // Streams `plan` as watch events, one JSON line each, until `write` fails, the plan's timeout
    // passes or the store stops.
    void stream(const WatchPlan &plan, const std::function<bool(const QByteArray &)> &write);

private:
    struct Target {
        const ApiResource *resource = nullptr;
        QString namespaceName;
        QString name;
        QString subresource;
    };

    std::optional<ApiResponse> discovery(const ApiRequest &request) const;
    std::optional<Target> route(const QString &path) const;
    std::optional<ApiError> authorize(const Identity &identity, const QString &verb,
                                      const Target &target) const;
    std::optional<ApiError> impersonate(ApiRequest &request) const;
    ApiResponse review(const ApiRequest &request, const Target &target);

    ApiResponse list(const ApiRequest &request, const Target &target);
    ApiResponse get(const ApiRequest &request, const Target &target);
    ApiResponse create(const ApiRequest &request, const Target &target);
    ApiResponse update(const ApiRequest &request, const Target &target);
    ApiResponse updateStatus(const ApiRequest &request, const Target &target);
    ApiResponse requestToken(const ApiRequest &request, const Target &target);
    ApiResponse patch(const ApiRequest &request, const Target &target);
    ApiResponse remove(const ApiRequest &request, const Target &target);
    ApiResponse watch(const ApiRequest &request, const Target &target);
    ApiResponse store(const ApiRequest &request, const Target &target, QJsonObject object,
                      const QString &type, int code);

    ObjectStore &objects;
    ClusterAuthorizer authorizer;
    QString serverAddress;
    const ServiceAccountTokens *tokens;
};

} // namespace kubestrap::sandbox
