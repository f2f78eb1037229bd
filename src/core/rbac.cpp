#include "rbac.h"

#include "object_meta.h"

#include <QJsonArray>

namespace kubestrap::rbac {

namespace {

bool containsOrStar(const QStringList &list, const QString &value)
{
    return list.contains(QStringLiteral("*")) || list.contains(value);
}

// A metav1.LabelSelector (matchLabels and matchExpressions) against an object's labels.
bool selectorMatches(const QJsonObject &selector, const QJsonObject &labels)
{
    const QJsonObject matchLabels = selector.value(QStringLiteral("matchLabels")).toObject();
    for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it) {
        if (labels.value(it.key()) != it.value())
            return false;
    }
    for (const QJsonValue &expression :
         selector.value(QStringLiteral("matchExpressions")).toArray()) {
        const QJsonObject e = expression.toObject();
        const QString key = e.value(QStringLiteral("key")).toString();
        const QString op = e.value(QStringLiteral("operator")).toString();
        const QStringList values = stringsIn(e, "values");
        const bool present = labels.contains(key);
        const QString value = labels.value(key).toString();
        const bool ok = op == QLatin1String("In")             ? present && values.contains(value)
                        : op == QLatin1String("NotIn")        ? !present || !values.contains(value)
                        : op == QLatin1String("Exists")       ? present
                        : op == QLatin1String("DoesNotExist") ? !present
                                                              : false;
        if (!ok)
            return false;
    }
    return true;
}

QString subjectText(const QJsonObject &subject)
{
    const QString kind = subject.value(QStringLiteral("kind")).toString();
    const QString ns = subject.value(QStringLiteral("namespace")).toString();
    return QStringLiteral("%1 \"%2%3\"")
        .arg(kind, ns.isEmpty() ? QString() : ns + QLatin1Char('/'),
             subject.value(QStringLiteral("name")).toString());
}

} // namespace

bool ruleAllows(const QJsonObject &rule, const Request &request)
{
    if (!containsOrStar(stringsIn(rule, "verbs"), request.verb))
        return false;
    if (!request.path.isEmpty()) {
        for (const QString &url : stringsIn(rule, "nonResourceURLs")) {
            if (url == QLatin1String("*") || url == request.path
                || (url.endsWith(QLatin1Char('*')) && request.path.startsWith(url.chopped(1))))
                return true;
        }
        return false;
    }
    if (!containsOrStar(stringsIn(rule, "apiGroups"), request.apiGroup))
        return false;
    const QString combined = request.subresource.isEmpty()
                                 ? request.resource
                                 : request.resource + QLatin1Char('/') + request.subresource;
    bool resourceMatched = false;
    for (const QString &resource : stringsIn(rule, "resources")) {
        if (resource == QLatin1String("*") || resource == combined
            || (!request.subresource.isEmpty()
                && resource == QLatin1String("*/") + request.subresource)) {
            resourceMatched = true;
            break;
        }
    }
    if (!resourceMatched)
        return false;
    const QStringList names = stringsIn(rule, "resourceNames");
    return names.isEmpty() || names.contains(request.name);
}

bool subjectMatches(const QJsonObject &subject, const UserInfo &user,
                    const QString &bindingNamespace)
{
    const QString kind = subject.value(QStringLiteral("kind")).toString();
    const QString name = subject.value(QStringLiteral("name")).toString();
    if (kind == QLatin1String("User"))
        return user.name == name;
    if (kind == QLatin1String("Group"))
        return user.groups.contains(name);
    if (kind == QLatin1String("ServiceAccount")) {
        QString ns = subject.value(QStringLiteral("namespace")).toString();
        if (ns.isEmpty())
            ns = bindingNamespace;
        if (ns.isEmpty())
            return false; // as kube-apiserver's appliesToUser
        return user.name == QStringLiteral("system:serviceaccount:%1:%2").arg(ns, name);
    }
    return false;
}

UserInfo withImplicitGroups(UserInfo user)
{
    const auto add = [&user](const QString &group) {
        if (!user.groups.contains(group))
            user.groups << group;
    };
    if (user.name == QLatin1String("system:anonymous")) {
        add(QStringLiteral("system:unauthenticated"));
        return user;
    }
    const QStringList parts = user.name.split(QLatin1Char(':'));
    if (parts.size() == 4 && parts[0] == QLatin1String("system")
        && parts[1] == QLatin1String("serviceaccount")) {
        add(QStringLiteral("system:serviceaccounts"));
        add(QStringLiteral("system:serviceaccounts:") + parts[2]);
    }
    add(QStringLiteral("system:authenticated"));
    return user;
}

Authorizer::Authorizer(std::vector<QJsonObject> roles, std::vector<QJsonObject> clusterRoles,
                       std::vector<QJsonObject> roleBindings,
                       std::vector<QJsonObject> clusterRoleBindings)
    : roles(std::move(roles)), clusterRoles(std::move(clusterRoles)),
      roleBindings(std::move(roleBindings)), clusterRoleBindings(std::move(clusterRoleBindings))
{
}

std::vector<QJsonObject> Authorizer::effectiveClusterRoleRules(const QJsonObject &clusterRole) const
{
    QStringList visiting;
    return effectiveRules(clusterRole, visiting);
}

std::vector<QJsonObject> Authorizer::effectiveRules(const QJsonObject &clusterRole,
                                                    QStringList &visiting) const
{
    // Aggregation nests (admin takes edit, which takes view); `visiting` stops cycles.
    visiting << objectName(clusterRole);
    std::vector<QJsonObject> rules;
    for (const QJsonValue &rule : clusterRole.value(QStringLiteral("rules")).toArray())
        rules.push_back(rule.toObject());
    const QJsonArray selectors = clusterRole.value(QStringLiteral("aggregationRule"))
                                     .toObject()
                                     .value(QStringLiteral("clusterRoleSelectors"))
                                     .toArray();
    if (selectors.isEmpty())
        return rules;
    for (const QJsonObject &other : clusterRoles) {
        if (visiting.contains(objectName(other)))
            continue;
        const QJsonObject labels = other.value(QStringLiteral("metadata"))
                                       .toObject()
                                       .value(QStringLiteral("labels"))
                                       .toObject();
        for (const QJsonValue &selector : selectors) {
            if (selectorMatches(selector.toObject(), labels)) {
                for (QJsonObject &rule : effectiveRules(other, visiting))
                    rules.push_back(std::move(rule));
                break;
            }
        }
    }
    return rules;
}

std::vector<QJsonObject> Authorizer::rulesOf(const QJsonObject &roleRef,
                                             const QString &bindingNamespace) const
{
    const QString kind = roleRef.value(QStringLiteral("kind")).toString();
    const QString name = roleRef.value(QStringLiteral("name")).toString();
    if (kind == QLatin1String("ClusterRole")) {
        for (const QJsonObject &role : clusterRoles) {
            if (objectName(role) == name)
                return effectiveClusterRoleRules(role);
        }
    } else if (kind == QLatin1String("Role")) {
        for (const QJsonObject &role : roles) {
            if (objectName(role) == name && objectNamespace(role) == bindingNamespace) {
                std::vector<QJsonObject> rules;
                for (const QJsonValue &rule : role.value(QStringLiteral("rules")).toArray())
                    rules.push_back(rule.toObject());
                return rules;
            }
        }
    }
    return {};
}

std::vector<Authorizer::Grant> Authorizer::whoCan(const Request &request,
                                                  Namespaces namespaces) const
{
    std::vector<Grant> grants;
    const auto collect = [&](const QJsonObject &binding, const QString &bindingKind) {
        const QString ns = objectNamespace(binding);
        const QJsonObject roleRef = binding.value(QStringLiteral("roleRef")).toObject();
        for (const QJsonObject &rule : rulesOf(roleRef, ns)) {
            if (!ruleAllows(rule, request))
                continue;
            for (const QJsonValue &subject : binding.value(QStringLiteral("subjects")).toArray())
                grants.push_back({subject.toObject(), bindingKind, objectName(binding), ns,
                                  roleRef.value(QStringLiteral("kind")).toString(),
                                  roleRef.value(QStringLiteral("name")).toString(), rule});
            return; // one rule is enough to name the binding
        }
    };
    for (const QJsonObject &binding : clusterRoleBindings)
        collect(binding, QStringLiteral("ClusterRoleBinding"));
    if (!request.namespaceName.isEmpty() || namespaces == Namespaces::Every) {
        for (const QJsonObject &binding : roleBindings) {
            if (namespaces == Namespaces::Every
                || objectNamespace(binding) == request.namespaceName)
                collect(binding, QStringLiteral("RoleBinding"));
        }
    }
    return grants;
}

Decision Authorizer::authorize(const UserInfo &user, const Request &request) const
{
    if (user.groups.contains(QLatin1String(kPrivilegedGroup)))
        return {true, QStringLiteral("the system:masters group may do anything, before RBAC is "
                                     "asked")};
    const auto check = [&](const QJsonObject &binding, const char *bindingKind) -> Decision {
        const QString ns = objectNamespace(binding);
        for (const QJsonValue &value : binding.value(QStringLiteral("subjects")).toArray()) {
            const QJsonObject subject = value.toObject();
            if (!subjectMatches(subject, user, ns))
                continue;
            const QJsonObject roleRef = binding.value(QStringLiteral("roleRef")).toObject();
            for (const QJsonObject &rule : rulesOf(roleRef, ns)) {
                if (ruleAllows(rule, request)) {
                    QString reason = QStringLiteral("RBAC: allowed by %1 \"%2\"")
                                         .arg(QLatin1String(bindingKind), objectName(binding));
                    if (!ns.isEmpty())
                        reason += QStringLiteral(" in namespace \"%1\"").arg(ns);
                    reason += QStringLiteral(" of %1 \"%2\" to %3")
                                  .arg(roleRef.value(QStringLiteral("kind")).toString(),
                                       roleRef.value(QStringLiteral("name")).toString(),
                                       subjectText(subject));
                    return {true, reason};
                }
            }
        }
        return {};
    };
    for (const QJsonObject &binding : clusterRoleBindings) {
        if (const Decision decision = check(binding, "ClusterRoleBinding"); decision.allowed)
            return decision;
    }
    if (!request.namespaceName.isEmpty()) {
        for (const QJsonObject &binding : roleBindings) {
            if (objectNamespace(binding) != request.namespaceName)
                continue;
            if (const Decision decision = check(binding, "RoleBinding"); decision.allowed)
                return decision;
        }
    }
    return {};
}

std::vector<QJsonObject> Authorizer::rulesFor(const UserInfo &user,
                                              const QString &namespaceName) const
{
    if (user.groups.contains(QLatin1String(kPrivilegedGroup)))
        return {QJsonObject{{QStringLiteral("verbs"), QJsonArray{QStringLiteral("*")}},
                            {QStringLiteral("apiGroups"), QJsonArray{QStringLiteral("*")}},
                            {QStringLiteral("resources"), QJsonArray{QStringLiteral("*")}}},
                QJsonObject{{QStringLiteral("verbs"), QJsonArray{QStringLiteral("*")}},
                            {QStringLiteral("nonResourceURLs"), QJsonArray{QStringLiteral("*")}}}};
    std::vector<QJsonObject> rules;
    const auto collect = [&](const QJsonObject &binding) {
        const QString ns = objectNamespace(binding);
        for (const QJsonValue &subject : binding.value(QStringLiteral("subjects")).toArray()) {
            if (subjectMatches(subject.toObject(), user, ns)) {
                for (QJsonObject &rule :
                     rulesOf(binding.value(QStringLiteral("roleRef")).toObject(), ns))
                    rules.push_back(std::move(rule));
                return;
            }
        }
    };
    for (const QJsonObject &binding : clusterRoleBindings)
        collect(binding);
    for (const QJsonObject &binding : roleBindings) {
        if (objectNamespace(binding) == namespaceName)
            collect(binding);
    }
    return rules;
}

} // namespace kubestrap::rbac
