#include "rbac.h"

#include "object_meta.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

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

std::optional<std::pair<QString, QString>> serviceAccountOf(const QString &user)
{
    // serviceaccount.SplitUsername: exactly namespace:name after the prefix, each a valid name.
    static const QString prefix = QStringLiteral("system:serviceaccount:");
    if (!user.startsWith(prefix))
        return std::nullopt;
    const QStringList parts = user.mid(prefix.size()).split(QLatin1Char(':'));
    static const QRegularExpression label(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    static const QRegularExpression subdomain(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    if (parts.size() != 2 || parts[0].size() > 63 || !label.match(parts[0]).hasMatch()
        || parts[1].size() > 253 || !subdomain.match(parts[1]).hasMatch())
        return std::nullopt;
    return std::pair{parts[0], parts[1]};
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
    if (const auto account = serviceAccountOf(user.name); account && user.groups.isEmpty()) {
        // A service account's groups are a fixed mapping, added only when none were asked for.
        add(QStringLiteral("system:serviceaccounts"));
        add(QStringLiteral("system:serviceaccounts:") + account->first);
    }
    if (!user.groups.contains(QLatin1String("system:unauthenticated")))
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
    const QJsonArray selectors = clusterRole.value(QStringLiteral("aggregationRule"))
                                     .toObject()
                                     .value(QStringLiteral("clusterRoleSelectors"))
                                     .toArray();
    if (selectors.isEmpty()) {
        for (const QJsonValue &rule : clusterRole.value(QStringLiteral("rules")).toArray())
            rules.push_back(rule.toObject());
        return rules;
    }
    // An aggregated role's own rules are the controller's to overwrite: once it has run they are
    // exactly the union below, so the union is what the authorizer sees.
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

std::optional<QJsonArray> aggregatedRules(const QJsonObject &clusterRole,
                                          const std::vector<QJsonObject> &clusterRoles)
{
    const QJsonArray selectors = clusterRole.value(QStringLiteral("aggregationRule"))
                                     .toObject()
                                     .value(QStringLiteral("clusterRoleSelectors"))
                                     .toArray();
    if (!clusterRole.value(QStringLiteral("aggregationRule")).isObject())
        return std::nullopt;
    // equality.Semantic: a list left out and an empty one are the same rule.
    const auto normalized = [](QJsonObject rule) {
        for (const QString &key : rule.keys()) {
            if (rule.value(key).isArray() && rule.value(key).toArray().isEmpty())
                rule.remove(key);
        }
        return rule;
    };
    std::vector<const QJsonObject *> byName;
    for (const QJsonObject &other : clusterRoles)
        byName.push_back(&other);
    std::sort(byName.begin(), byName.end(), [](const QJsonObject *a, const QJsonObject *b) {
        return objectName(*a) < objectName(*b);
    });
    QJsonArray rules;
    std::vector<QJsonObject> seen;
    for (const QJsonValue &selector : selectors) {
        for (const QJsonObject *other : byName) {
            if (objectName(*other) == objectName(clusterRole)
                || !selectorMatches(selector.toObject(), other->value(QStringLiteral("metadata"))
                                                             .toObject()
                                                             .value(QStringLiteral("labels"))
                                                             .toObject()))
                continue;
            for (const QJsonValue &rule : other->value(QStringLiteral("rules")).toArray()) {
                const QJsonObject key = normalized(rule.toObject());
                if (std::find(seen.begin(), seen.end(), key) != seen.end())
                    continue;
                seen.push_back(key);
                rules.append(rule);
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
