#include "reviews.h"
#include "object_meta.h"

#include <QJsonArray>

namespace kubestrap::sandbox {

namespace {

rbac::Request requestFrom(const QJsonObject &spec)
{
    rbac::Request request;
    const QJsonObject resource = spec.value(QStringLiteral("resourceAttributes")).toObject();
    const QJsonObject nonResource = spec.value(QStringLiteral("nonResourceAttributes")).toObject();
    if (!nonResource.isEmpty()) {
        request.verb = nonResource.value(QStringLiteral("verb")).toString();
        request.path = nonResource.value(QStringLiteral("path")).toString();
        return request;
    }
    request.verb = resource.value(QStringLiteral("verb")).toString();
    request.apiGroup = resource.value(QStringLiteral("group")).toString();
    request.resource = resource.value(QStringLiteral("resource")).toString();
    request.subresource = resource.value(QStringLiteral("subresource")).toString();
    request.namespaceName = resource.value(QStringLiteral("namespace")).toString();
    request.name = resource.value(QStringLiteral("name")).toString();
    return request;
}

QJsonObject accessStatus(const rbac::Decision &decision)
{
    QJsonObject status{{QStringLiteral("allowed"), decision.allowed}};
    if (!decision.reason.isEmpty())
        status.insert(QStringLiteral("reason"), decision.reason);
    return status;
}

QJsonObject rulesStatus(const std::vector<QJsonObject> &rules)
{
    QJsonArray resourceRules;
    QJsonArray nonResourceRules;
    for (const QJsonObject &rule : rules) {
        if (rule.contains(QStringLiteral("nonResourceURLs")))
            nonResourceRules.append(
                QJsonObject{{QStringLiteral("verbs"), rule.value(QStringLiteral("verbs"))},
                            {QStringLiteral("nonResourceURLs"),
                             rule.value(QStringLiteral("nonResourceURLs"))}});
        else
            resourceRules.append(rule);
    }
    return {{QStringLiteral("resourceRules"), resourceRules},
            {QStringLiteral("nonResourceRules"), nonResourceRules},
            {QStringLiteral("incomplete"), false}};
}

} // namespace

std::variant<QJsonObject, ApiError> answerReview(const ApiResource &resource, QJsonObject review,
                                                 const rbac::UserInfo &caller,
                                                 const ClusterAuthorizer &authorizer)
{
    const QJsonObject spec = review.value(QStringLiteral("spec")).toObject();
    review.insert(QStringLiteral("kind"), resource.kind);
    review.insert(QStringLiteral("apiVersion"), resource.groupVersion());
    if (resource.kind == QLatin1String("SelfSubjectAccessReview")) {
        review.insert(QStringLiteral("status"),
                      accessStatus(authorizer.decide(caller, requestFrom(spec))));
    } else if (resource.kind == QLatin1String("SubjectAccessReview")) {
        const rbac::UserInfo subject{spec.value(QStringLiteral("user")).toString(),
                                     stringsIn(spec.value(QStringLiteral("groups")))};
        review.insert(QStringLiteral("status"),
                      accessStatus(authorizer.decide(subject, requestFrom(spec))));
    } else if (resource.kind == QLatin1String("SelfSubjectRulesReview")) {
        review.insert(QStringLiteral("status"),
                      rulesStatus(authorizer.rulesFor(
                          caller, spec.value(QStringLiteral("namespace")).toString())));
    } else if (resource.kind == QLatin1String("SelfSubjectReview")) {
        review.insert(QStringLiteral("status"),
                      QJsonObject{{QStringLiteral("userInfo"),
                                   QJsonObject{{QStringLiteral("username"), caller.name},
                                               {QStringLiteral("groups"),
                                                QJsonArray::fromStringList(caller.groups)}}}});
    } else {
        return status::methodNotAllowed();
    }
    return review;
}

} // namespace kubestrap::sandbox
