#include "rbac_object.h"

#include "api_paths.h"
#include "kubectl_command.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace kubestrap::rbac {

namespace {

const QString kGroup = QStringLiteral("rbac.authorization.k8s.io");

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::RbacObject", text);
}

QString text(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject();
}

QString ruleProblem(const QJsonObject &rule, int index, RbacKind kind)
{
    const auto listed = [&](const char *key) {
        return !rule.value(QLatin1String(key)).toArray().isEmpty();
    };
    const QString where = QStringLiteral("rules[%1]").arg(index);
    if (!listed("verbs"))
        return tr("%1 needs verbs (get, list, …; * for all)").arg(where);
    if (listed("nonResourceURLs")) {
        if (kind == RbacKind::Role)
            return tr("%1: a Role cannot grant nonResourceURLs, only a ClusterRole can").arg(where);
        if (listed("resources") || listed("apiGroups"))
            return tr("%1 names both resources and nonResourceURLs: make them two rules")
                .arg(where);
        return {};
    }
    if (!listed("apiGroups"))
        return tr("%1 needs apiGroups (\"\" is the core group, * all groups)").arg(where);
    if (!listed("resources"))
        return tr("%1 needs resources (or nonResourceURLs)").arg(where);
    return {};
}

QString subjectProblem(const QJsonObject &subject, int index, RbacKind kind)
{
    const QString where = QStringLiteral("subjects[%1]").arg(index);
    const QString subjectKind = text(subject, "kind");
    if (text(subject, "name").isEmpty())
        return tr("%1 needs a name").arg(where);
    if (subjectKind == QLatin1String("ServiceAccount")) {
        if (!text(subject, "apiGroup").isEmpty())
            return tr("%1: a ServiceAccount's apiGroup is \"\"").arg(where);
        if (kind == RbacKind::ClusterRoleBinding && text(subject, "namespace").isEmpty())
            return tr("%1: name the ServiceAccount's namespace").arg(where);
        return {};
    }
    if (subjectKind != QLatin1String("User") && subjectKind != QLatin1String("Group"))
        return tr("%1: kind must be User, Group or ServiceAccount, not '%2'")
            .arg(where, subjectKind);
    if (text(subject, "apiGroup") != kGroup)
        return tr("%1: a %2's apiGroup is %3").arg(where, subjectKind, kGroup);
    return {};
}

QString bindingProblem(const QJsonObject &object, RbacKind kind)
{
    const QJsonObject roleRef = object.value(QStringLiteral("roleRef")).toObject();
    const QString roleKind = text(roleRef, "kind");
    if (text(roleRef, "name").isEmpty())
        return tr("roleRef needs the name of the role it grants");
    if (roleKind != QLatin1String("ClusterRole")
        && (kind == RbacKind::ClusterRoleBinding || roleKind != QLatin1String("Role")))
        return kind == RbacKind::ClusterRoleBinding
                   ? tr("roleRef.kind must be ClusterRole: a ClusterRoleBinding grants a "
                        "ClusterRole")
                   : tr("roleRef.kind must be Role or ClusterRole");
    if (text(roleRef, "apiGroup") != kGroup)
        return tr("roleRef.apiGroup must be %1").arg(kGroup);
    const QJsonArray subjects = object.value(QStringLiteral("subjects")).toArray();
    for (int i = 0; i < subjects.size(); ++i) {
        if (QString problem = subjectProblem(subjects.at(i).toObject(), i, kind);
            !problem.isEmpty())
            return problem;
    }
    return {};
}

} // namespace

QString kindName(RbacKind kind)
{
    switch (kind) {
    case RbacKind::Role:
        return QStringLiteral("Role");
    case RbacKind::ClusterRole:
        return QStringLiteral("ClusterRole");
    case RbacKind::RoleBinding:
        return QStringLiteral("RoleBinding");
    case RbacKind::ClusterRoleBinding:
        return QStringLiteral("ClusterRoleBinding");
    }
    return {};
}

QString pluralName(RbacKind kind)
{
    return kindName(kind).toLower() + QLatin1Char('s');
}

bool isNamespaced(RbacKind kind)
{
    return kind == RbacKind::Role || kind == RbacKind::RoleBinding;
}

std::optional<RbacKind> kindNamed(const QString &kind)
{
    for (RbacKind each : {RbacKind::Role, RbacKind::ClusterRole, RbacKind::RoleBinding,
                          RbacKind::ClusterRoleBinding}) {
        if (kindName(each) == kind)
            return each;
    }
    return std::nullopt;
}

QString apiPath(RbacKind kind, const QString &namespaceName, const QString &name)
{
    const QString path =
        paths::rbac(pluralName(kind), isNamespaced(kind) ? namespaceName : QString());
    return name.isEmpty() ? path : path + QLatin1Char('/') + name;
}

QByteArray newObjectYaml(RbacKind kind, const QString &namespaceName)
{
    const QByteArray ns =
        namespaceName.isEmpty() ? QByteArrayLiteral("default") : namespaceName.toUtf8();
    const QByteArray head = "apiVersion: rbac.authorization.k8s.io/v1\nkind: "
                            + kindName(kind).toUtf8() + "\nmetadata:\n  name: \n"
                            + (isNamespaced(kind) ? "  namespace: " + ns + '\n' : QByteArray());
    switch (kind) {
    case RbacKind::Role:
    case RbacKind::ClusterRole:
        return head
               + "rules:\n- apiGroups: [\"\"]\n  resources: [configmaps]\n"
                 "  verbs: [get, list, watch]\n";
    case RbacKind::RoleBinding:
    case RbacKind::ClusterRoleBinding:
        return head
               + "roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n"
                 "  name: view\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n"
                 "  kind: User\n  name: \n";
    }
    return head;
}

QString problemWith(const QJsonObject &object, RbacKind kind,
                    const std::optional<QJsonObject> &original)
{
    if (text(object, "apiVersion") != kGroup + QStringLiteral("/v1"))
        return tr("apiVersion must be %1/v1").arg(kGroup);
    if (text(object, "kind") != kindName(kind))
        return tr("kind must be %1 here, not '%2'").arg(kindName(kind), text(object, "kind"));
    const QJsonObject metadata = metadataOf(object);
    const QString ns = text(metadata, "namespace");
    if (isNamespaced(kind) && ns.isEmpty())
        return tr("a %1 needs metadata.namespace").arg(kindName(kind));
    if (!isNamespaced(kind) && !ns.isEmpty())
        return tr("a %1 belongs to no namespace: remove metadata.namespace").arg(kindName(kind));
    if (original) {
        const QJsonObject before = metadataOf(*original);
        if (text(metadata, "name") != text(before, "name") || ns != text(before, "namespace"))
            return tr("the name and namespace cannot change: create a new object instead");
        if (kind == RbacKind::RoleBinding || kind == RbacKind::ClusterRoleBinding) {
            if (object.value(QStringLiteral("roleRef"))
                != original->value(QStringLiteral("roleRef")))
                return tr("a binding's roleRef cannot change: delete the binding and create it "
                          "again");
        }
    }
    if (kind == RbacKind::RoleBinding || kind == RbacKind::ClusterRoleBinding)
        return bindingProblem(object, kind);
    const QJsonArray rules = object.value(QStringLiteral("rules")).toArray();
    for (int i = 0; i < rules.size(); ++i) {
        if (QString problem = ruleProblem(rules.at(i).toObject(), i, kind); !problem.isEmpty())
            return problem;
    }
    return {};
}

QString reconciledWarning(const QJsonObject &object)
{
    const QJsonObject annotations =
        metadataOf(object).value(QStringLiteral("annotations")).toObject();
    if (annotations.value(QStringLiteral("rbac.authorization.kubernetes.io/autoupdate")).toString()
        != QLatin1String("true"))
        return {};
    return tr("The API server restores this default object when it starts: your edits will be "
              "undone unless you also set the annotation rbac.authorization.kubernetes.io/"
              "autoupdate to \"false\".");
}

QString kubectlDelete(RbacKind kind, const QString &namespaceName, const QString &name)
{
    return kubectl::remove(kindName(kind), name, isNamespaced(kind) ? namespaceName : QString());
}

} // namespace kubestrap::rbac
