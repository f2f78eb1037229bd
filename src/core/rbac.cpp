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

std::vector<QJsonObject> rulesIn(const QJsonObject &role)
{
    std::vector<QJsonObject> rules;
    for (const QJsonValue &rule : role.value(QStringLiteral("rules")).toArray())
        rules.push_back(rule.toObject());
    return rules;
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

Authorizer::Authorizer(std::vector<QJsonObject> roles, std::vector<QJsonObject> clusterRoles,
                       std::vector<QJsonObject> roleBindings,
                       std::vector<QJsonObject> clusterRoleBindings)
{
    for (const QJsonObject &role : roles)
        roleRules[objectNamespace(role) + QLatin1Char('/') + objectName(role)] = rulesIn(role);
    for (const QJsonObject &role : clusterRoles)
        this->clusterRoles[objectName(role)] = role;
    for (const QJsonObject &binding : roleBindings)
        this->roleBindings[objectNamespace(binding)][objectName(binding)] = bindingOf(binding);
    for (const QJsonObject &binding : clusterRoleBindings)
        this->clusterRoleBindings[objectName(binding)] = bindingOf(binding);
    aggregate();
}

void Authorizer::update(Kind kind, const std::vector<QJsonObject> &changed,
                        const QStringList &deletedKeys)
{
    for (const QString &key : deletedKeys) {
        const qsizetype slash = key.indexOf(QLatin1Char('/'));
        const QString ns = key.left(slash);
        const QString name = key.mid(slash + 1);
        switch (kind) {
        case Kind::Role:
            roleRules.erase(key);
            break;
        case Kind::ClusterRole:
            clusterRoles.erase(name);
            break;
        case Kind::RoleBinding:
            if (const auto it = roleBindings.find(ns); it != roleBindings.end()) {
                it->second.erase(name);
                if (it->second.empty())
                    roleBindings.erase(it);
            }
            break;
        case Kind::ClusterRoleBinding:
            clusterRoleBindings.erase(name);
            break;
        }
    }
    for (const QJsonObject &object : changed) {
        const QString name = objectName(object);
        switch (kind) {
        case Kind::Role:
            roleRules[objectNamespace(object) + QLatin1Char('/') + name] = rulesIn(object);
            break;
        case Kind::ClusterRole:
            clusterRoles[name] = object;
            break;
        case Kind::RoleBinding:
            roleBindings[objectNamespace(object)][name] = bindingOf(object);
            break;
        case Kind::ClusterRoleBinding:
            clusterRoleBindings[name] = bindingOf(object);
            break;
        }
    }
    // A ClusterRole's labels may put it into an aggregated role or take it out.
    if (kind == Kind::ClusterRole)
        aggregate();
}

Authorizer::Binding Authorizer::bindingOf(const QJsonObject &object)
{
    const QJsonObject roleRef = object.value(QStringLiteral("roleRef")).toObject();
    std::vector<QJsonObject> subjects;
    for (const QJsonValue &subject : object.value(QStringLiteral("subjects")).toArray())
        subjects.push_back(subject.toObject());
    return {objectName(object), objectNamespace(object),
            roleRef.value(QStringLiteral("kind")).toString(),
            roleRef.value(QStringLiteral("name")).toString(), std::move(subjects)};
}

void Authorizer::aggregate()
{
    // A few hundred ClusterRoles, about ten of them aggregated: a millisecond, on a change of a
    // ClusterRole only.
    clusterRoleRules.clear();
    for (const auto &[name, role] : clusterRoles) {
        QStringList visiting;
        clusterRoleRules[name] = effectiveRules(role, visiting);
    }
}

Authorizer::Rules Authorizer::effectiveRules(const QJsonObject &clusterRole,
                                             QStringList &visiting) const
{
    // Aggregation nests (admin takes edit, which takes view); `visiting` stops cycles.
    visiting << objectName(clusterRole);
    const QJsonArray selectors = clusterRole.value(QStringLiteral("aggregationRule"))
                                     .toObject()
                                     .value(QStringLiteral("clusterRoleSelectors"))
                                     .toArray();
    if (selectors.isEmpty())
        return rulesIn(clusterRole);
    // An aggregated role's own rules are the controller's to overwrite: once it has run they are
    // exactly the union below, so the union is what the authorizer sees.
    Rules rules;
    for (const auto &[name, other] : clusterRoles) {
        if (visiting.contains(name))
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

const Authorizer::Rules &Authorizer::rulesOf(const Binding &binding) const
{
    static const Rules none;
    if (binding.roleKind == QLatin1String("ClusterRole")) {
        const auto it = clusterRoleRules.find(binding.roleName);
        return it == clusterRoleRules.end() ? none : it->second;
    }
    if (binding.roleKind == QLatin1String("Role")) {
        const auto it = roleRules.find(binding.namespaceName + QLatin1Char('/') + binding.roleName);
        return it == roleRules.end() ? none : it->second;
    }
    return none;
}

std::vector<Authorizer::Grant> Authorizer::whoCan(const Request &request,
                                                  Namespaces namespaces) const
{
    // Thousands of bindings share a few roles: whether a role allows the request is worked out
    // once per role, not once per binding.
    std::map<const Rules *, const QJsonObject *> allowing;
    const auto firstAllowing = [&](const Rules &rules) {
        const auto [it, added] = allowing.try_emplace(&rules, nullptr);
        if (added) {
            const auto rule = std::find_if(rules.begin(), rules.end(), [&](const QJsonObject &r) {
                return ruleAllows(r, request);
            });
            it->second = rule == rules.end() ? nullptr : &*rule;
        }
        return it->second;
    };
    std::vector<Grant> grants;
    const auto collect = [&](const Binding &binding, const QString &bindingKind) {
        const QJsonObject *rule = firstAllowing(rulesOf(binding));
        if (!rule)
            return;
        for (const QJsonObject &subject : binding.subjects) // one rule is enough to name them
            grants.push_back({subject, bindingKind, binding.name, binding.namespaceName,
                              binding.roleKind, binding.roleName, *rule});
    };
    const QString clusterKind = QStringLiteral("ClusterRoleBinding");
    for (const auto &[name, binding] : clusterRoleBindings)
        collect(binding, clusterKind);
    const QString namespacedKind = QStringLiteral("RoleBinding");
    const auto collectIn = [&](const std::map<QString, Binding> &bindings) {
        for (const auto &[name, binding] : bindings)
            collect(binding, namespacedKind);
    };
    if (namespaces == Namespaces::Every) {
        for (const auto &[ns, bindings] : roleBindings)
            collectIn(bindings);
    } else if (const auto it = roleBindings.find(request.namespaceName);
               !request.namespaceName.isEmpty() && it != roleBindings.end()) {
        collectIn(it->second);
    }
    return grants;
}

Decision Authorizer::authorize(const UserInfo &user, const Request &request) const
{
    if (user.groups.contains(QLatin1String(kPrivilegedGroup)))
        return {true, QStringLiteral("the system:masters group may do anything, before RBAC is "
                                     "asked")};
    const auto check = [&](const Binding &binding, const char *bindingKind) -> Decision {
        for (const QJsonObject &subject : binding.subjects) {
            if (!subjectMatches(subject, user, binding.namespaceName))
                continue;
            for (const QJsonObject &rule : rulesOf(binding)) {
                if (!ruleAllows(rule, request))
                    continue;
                QString reason = QStringLiteral("RBAC: allowed by %1 \"%2\"")
                                     .arg(QLatin1String(bindingKind), binding.name);
                if (!binding.namespaceName.isEmpty())
                    reason += QStringLiteral(" in namespace \"%1\"").arg(binding.namespaceName);
                reason += QStringLiteral(" of %1 \"%2\" to %3")
                              .arg(binding.roleKind, binding.roleName, subjectText(subject));
                return {true, reason};
            }
        }
        return {};
    };
    for (const auto &[name, binding] : clusterRoleBindings) {
        if (const Decision decision = check(binding, "ClusterRoleBinding"); decision.allowed)
            return decision;
    }
    if (const auto it = roleBindings.find(request.namespaceName);
        !request.namespaceName.isEmpty() && it != roleBindings.end()) {
        for (const auto &[name, binding] : it->second) {
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
    const auto collect = [&](const Binding &binding) {
        for (const QJsonObject &subject : binding.subjects) {
            if (subjectMatches(subject, user, binding.namespaceName)) {
                const Rules &granted = rulesOf(binding);
                rules.insert(rules.end(), granted.begin(), granted.end());
                return;
            }
        }
    };
    for (const auto &[name, binding] : clusterRoleBindings)
        collect(binding);
    if (const auto it = roleBindings.find(namespaceName); it != roleBindings.end()) {
        for (const auto &[name, binding] : it->second)
            collect(binding);
    }
    return rules;
}

} // namespace kubestrap::rbac
