#include "identity.h"
#include "api_paths.h"
#include "object_meta.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::Identity", text);
}

Identity fromReview(const QJsonObject &review, const QString &groupVersion)
{
    const QJsonObject user = review.value(QStringLiteral("status"))
                                 .toObject()
                                 .value(QStringLiteral("userInfo"))
                                 .toObject();
    Identity identity;
    identity.username = user.value(QStringLiteral("username")).toString();
    identity.uid = user.value(QStringLiteral("uid")).toString();
    identity.groups = stringsIn(user.value(QStringLiteral("groups")));
    const QJsonObject extra = user.value(QStringLiteral("extra")).toObject();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        identity.extra.insert(it.key(), stringsIn(it.value()));
    identity.answeredBy = groupVersion;
    return identity;
}

// A server without any SelfSubjectReview still answers what the credential may do, which proves
// it is accepted; the name is then what the credential itself claims.
void askRules(ApiClient &client, const std::function<void(const Result<Identity> &)> &done)
{
    const QString groupVersion = QStringLiteral("authorization.k8s.io/v1");
    client.create(
        paths::selfSubjectRulesReviews(groupVersion),
        QJsonObject{{QStringLiteral("apiVersion"), groupVersion},
                    {QStringLiteral("kind"), QStringLiteral("SelfSubjectRulesReview")},
                    {QStringLiteral("spec"),
                     QJsonObject{{QStringLiteral("namespace"), QStringLiteral("default")}}}},
        [&client, done, groupVersion](const QJsonObject &review, const ApiFailure *failure) {
            if (failure)
                return done(fail(tr("the server says neither who this credential is nor what it "
                                    "may do: %1")
                                     .arg(failure->message),
                                 failure->reason));
            const QJsonObject status = review.value(QStringLiteral("status")).toObject();
            const auto claimed = client.connection().claimedUser();
            Identity identity;
            identity.username = claimed.name;
            identity.groups = claimed.groups;
            identity.claimedFrom = claimed.how.isEmpty() ? tr("nothing: the credential does not "
                                                              "name its user")
                                                         : claimed.how;
            identity.answeredBy = groupVersion;
            identity.ruleCount =
                int(status.value(QStringLiteral("resourceRules")).toArray().size()
                    + status.value(QStringLiteral("nonResourceRules")).toArray().size());
            identity.rulesIncomplete = status.value(QStringLiteral("incomplete")).toBool();
            done(identity);
        });
}

void askReview(ApiClient &client, QStringList versions,
               const std::function<void(const Result<Identity> &)> &done)
{
    if (versions.isEmpty())
        return askRules(client, done);
    const QString groupVersion = QStringLiteral("authentication.k8s.io/") + versions.takeFirst();
    client.create(paths::selfSubjectReviews(groupVersion),
                  QJsonObject{{QStringLiteral("apiVersion"), groupVersion},
                              {QStringLiteral("kind"), QStringLiteral("SelfSubjectReview")}},
                  [&client, versions, done, groupVersion](const QJsonObject &review,
                                                          const ApiFailure *failure) {
                      if (!failure)
                          return done(fromReview(review, groupVersion));
                      // Not served (404), or not allowed by a trimmed RBAC (403): try the next way.
                      if (failure->kind == ApiFailure::Kind::NotFound
                          || failure->kind == ApiFailure::Kind::Forbidden)
                          return askReview(client, versions, done);
                      done(fail(failure->message, failure->reason));
                  });
}

} // namespace

void findIdentity(ApiClient &client, std::function<void(const Result<Identity> &)> done)
{
    askReview(client, {QStringLiteral("v1"), QStringLiteral("v1beta1"), QStringLiteral("v1alpha1")},
              done);
}

} // namespace kubestrap
