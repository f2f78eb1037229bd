#include "access_review.h"

#include "api_paths.h"

#include <QCoreApplication>

namespace kubestrap {

QString AccessQuestion::text() const
{
    QString said = verb + QLatin1Char(' ') + resource
                   + (group.isEmpty() ? QString() : QLatin1Char('.') + group);
    if (!name.isEmpty())
        said += QLatin1Char('/') + name;
    if (!namespaceName.isEmpty())
        said +=
            QCoreApplication::translate("kubestrap::AccessQuestion", " in %1").arg(namespaceName);
    return said;
}

void mayI(ApiClient &client, const AccessQuestion &question,
          std::function<void(const Result<bool> &allowed)> done)
{
    QJsonObject attributes{{QStringLiteral("verb"), question.verb},
                           {QStringLiteral("group"), question.group},
                           {QStringLiteral("resource"), question.resource}};
    if (!question.namespaceName.isEmpty())
        attributes.insert(QStringLiteral("namespace"), question.namespaceName);
    if (!question.name.isEmpty())
        attributes.insert(QStringLiteral("name"), question.name);
    client.create(
        paths::selfSubjectAccessReviews(),
        QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("authorization.k8s.io/v1")},
                    {QStringLiteral("kind"), QStringLiteral("SelfSubjectAccessReview")},
                    {QStringLiteral("spec"),
                     QJsonObject{{QStringLiteral("resourceAttributes"), attributes}}}},
        [done](const QJsonObject &review, const ApiFailure *failure) {
            if (failure)
                return done(fail(failure->message, failure->reason));
            done(review.value(QStringLiteral("status"))
                     .toObject()
                     .value(QStringLiteral("allowed"))
                     .toBool());
        });
}

} // namespace kubestrap
