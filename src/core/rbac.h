#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace kubestrap::rbac {

// Who asks: the authenticated user, as RBAC matches it against subjects.
struct UserInfo {
    QString name;
    QStringList groups;
};

// What is asked: a verb on a resource (optionally named, in a namespace, or a subresource), or on
// a non-resource URL such as /version.
struct Request {
    QString verb;
    QString apiGroup;
    QString resource;
    QString subresource;
    QString namespaceName; // empty: cluster scope
    QString name;
    QString path; // set for non-resource requests instead of resource
};

struct Decision {
    bool allowed = false;
    QString reason; // for an allowed request: the binding and role that allow it
};

// RBAC as kube-apiserver evaluates it, over Role, ClusterRole, RoleBinding and ClusterRoleBinding
// objects in their JSON form: union of allowing rules, no deny. ClusterRoles with an
// aggregationRule take the rules of the ClusterRoles their selectors match, as the aggregation
// controller would have filled them in.
class Authorizer {
public:
    Authorizer(std::vector<QJsonObject> roles, std::vector<QJsonObject> clusterRoles,
               std::vector<QJsonObject> roleBindings, std::vector<QJsonObject> clusterRoleBindings);

    Decision authorize(const UserInfo &user, const Request &request) const;

    // Everyone a binding lets make `request` ("who can"): each subject with the binding and role
    // that grant it, ClusterRoleBindings first, then the RoleBindings of the request's namespace.
    struct Grant {
        QJsonObject subject;
        QString bindingKind; // "ClusterRoleBinding" or "RoleBinding"
        QString bindingName;
        QString bindingNamespace;
        QString roleKind;
        QString roleName;
        QJsonObject rule; // the rule that allows it
    };
    std::vector<Grant> whoCan(const Request &request) const;

    // Every rule that applies to `user` in `namespaceName` (cluster-wide rules included), as a
    // SelfSubjectRulesReview lists them.
    std::vector<QJsonObject> rulesFor(const UserInfo &user, const QString &namespaceName) const;

private:
    std::vector<QJsonObject> rulesOf(const QJsonObject &roleRef,
                                     const QString &bindingNamespace) const;
    std::vector<QJsonObject> effectiveClusterRoleRules(const QJsonObject &clusterRole) const;
    std::vector<QJsonObject> effectiveRules(const QJsonObject &clusterRole,
                                            QStringList &visiting) const;

    std::vector<QJsonObject> roles;
    std::vector<QJsonObject> clusterRoles;
    std::vector<QJsonObject> roleBindings;
    std::vector<QJsonObject> clusterRoleBindings;
};

// Whether one PolicyRule allows `request`, with RBAC's wildcards ("*", "*/subresource",
// "/path/*").
bool ruleAllows(const QJsonObject &rule, const Request &request);

// Whether a binding subject names `user` (users, groups, and service accounts as
// system:serviceaccount:<namespace>:<name>).
bool subjectMatches(const QJsonObject &subject, const UserInfo &user,
                    const QString &bindingNamespace);

} // namespace kubestrap::rbac
