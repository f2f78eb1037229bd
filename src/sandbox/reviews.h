#pragma once

#include "api_resources.h"
#include "api_status.h"
#include "cluster_authorizer.h"
#include "error.h"

#include <QJsonObject>

#include <variant>

namespace kubestrap::sandbox {

// The answer to a SelfSubjectAccessReview (kubectl auth can-i), SelfSubjectRulesReview (can-i
// --list), SubjectAccessReview or SelfSubjectReview (kubectl auth whoami): the posted object with
// its status filled in. Nothing is stored.
std::variant<QJsonObject, ApiError> answerReview(const ApiResource &resource, QJsonObject review,
                                                 const rbac::UserInfo &caller,
                                                 const ClusterAuthorizer &authorizer);

} // namespace kubestrap::sandbox
