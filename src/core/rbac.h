#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace kubestrap::rbac {

// Who asks: the authenticated user, as RBAC matches it against subjects.
struct UserInfo {
    QString name;
    QStringList groups;
};

// The group kube-apiserver authorizes for everything before RBAC is asked.
inline constexpr char kPrivilegedGroup[] = "system:masters";

// `user` with the groups kube-apiserver adds when it impersonates (`kubectl --as user --as-group
// group`), as its impersonation filter does: system:unauthenticated for system:anonymous;
// otherwise system:authenticated unless system:unauthenticated was asked for, and for a service
// account asked for without groups, system:serviceaccounts and system:serviceaccounts:<namespace>.
// A credential of the user itself authenticates to the same groups.
UserInfo withImplicitGroups(UserInfo user);

// The namespace and name of a service account's user name (system:serviceaccount:<ns>:<name>),
// as the API server splits it; nothing when it is not one.
std::optional<std::pair<QString, QString>> serviceAccountOf(const QString &user);

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

// Authorization as kube-apiserver decides it with --authorization-mode=RBAC: members of
// system:masters first, allowed everything; then RBAC over Role, ClusterRole, RoleBinding and
// ClusterRoleBinding objects in their JSON form, a union of allowing rules with no deny.
// ClusterRoles with an aggregationRule take the rules of the ClusterRoles their selectors match,
// as the aggregation controller would have filled them in.
//
// The objects are indexed once (bindings by namespace, roles by name, each ClusterRole's
// aggregated rules worked out), so a question reads only the bindings that can answer it, and
// update() keeps an index current from watch events instead of building it again: on a
// cluster of 50,000 bindings, every answer takes milliseconds (tests/bench/bench_rbac_answers).
// Const use is safe from several threads at once.
class Authorizer {
public:
    Authorizer() = default;
    Authorizer(std::vector<QJsonObject> roles, std::vector<QJsonObject> clusterRoles,
               std::vector<QJsonObject> roleBindings, std::vector<QJsonObject> clusterRoleBindings);

    enum class Kind { Role, ClusterRole, RoleBinding, ClusterRoleBinding };
    // Takes in objects of one kind added or changed (each replacing the one of its namespace and
    // name) and forgets those deleted, by "namespace/name" (a ResourceStore's keys), in one go.
    void update(Kind kind, const std::vector<QJsonObject> &changed,
                const QStringList &deletedKeys = {});

    Decision authorize(const UserInfo &user, const Request &request) const;

    // Everyone a binding lets make `request` ("who can"): each subject with the binding and role
    // that grant it, ClusterRoleBindings first, then the RoleBindings of the request's namespace
    // (as the API server's subject locator answers), or with `Namespaces::Every` the RoleBindings
    // of every namespace, each grant naming its namespace (who can read secrets somewhere:
    // every namespace admin). Bindings come in order of namespace and name.
    struct Grant {
        QJsonObject subject;
        QString bindingKind; // "ClusterRoleBinding" or "RoleBinding"
        QString bindingName;
        QString bindingNamespace;
        QString roleKind;
        QString roleName;
        QJsonObject rule; // the rule that allows it
    };
    enum class Namespaces { OfTheRequest, Every };
    std::vector<Grant> whoCan(const Request &request,
                              Namespaces namespaces = Namespaces::OfTheRequest) const;

    // Every rule that applies to `user` in `namespaceName` (cluster-wide rules included), as a
    // SelfSubjectRulesReview lists them.
    std::vector<QJsonObject> rulesFor(const UserInfo &user, const QString &namespaceName) const;

private:
    // A binding as the questions read it, taken apart once.
    struct Binding {
        QString name;
        QString namespaceName; // empty for a ClusterRoleBinding
        QString roleKind;
        QString roleName;
        std::vector<QJsonObject> subjects; // taken out of their array once, not per question
    };
    using Rules = std::vector<QJsonObject>;
    static Binding bindingOf(const QJsonObject &object);
    // The rules a binding's roleRef names (none when the role does not exist).
    const Rules &rulesOf(const Binding &binding) const;
    // Works out every ClusterRole's rules again, aggregation included.
    void aggregate();
    Rules effectiveRules(const QJsonObject &clusterRole, QStringList &visiting) const;

    std::map<QString, Rules> roleRules;                         // "namespace/name"
    std::map<QString, QJsonObject> clusterRoles;                // by name
    std::map<QString, Rules> clusterRoleRules;                  // by name, aggregated
    std::map<QString, Binding> clusterRoleBindings;             // by name
    std::map<QString, std::map<QString, Binding>> roleBindings; // by namespace, then name
};

// The rules kube-controller-manager's clusterrole-aggregation controller gives a ClusterRole with
// an aggregationRule: those of every other ClusterRole a selector matches, by name, each rule
// once (nil and empty lists alike). Nothing for a ClusterRole without one. Repeated, it reaches
// nested aggregations (admin takes edit, which takes view), as the controller does.
std::optional<QJsonArray> aggregatedRules(const QJsonObject &clusterRole,
                                          const std::vector<QJsonObject> &clusterRoles);

// Whether one PolicyRule allows `request`, with RBAC's wildcards ("*", "*/subresource",
// "/path/*").
bool ruleAllows(const QJsonObject &rule, const Request &request);

// Whether a binding subject names `user` (users, groups, and service accounts as
// system:serviceaccount:<namespace>:<name>; a ServiceAccount subject without a namespace takes
// the binding's, and in a ClusterRoleBinding, which has none, names no one).
bool subjectMatches(const QJsonObject &subject, const UserInfo &user,
                    const QString &bindingNamespace);

} // namespace kubestrap::rbac
