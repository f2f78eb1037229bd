#include "bootstrap_plan.h"

#include "api_paths.h"
#include "cluster_info.h"
#include "kubectl_command.h"
#include "x509.h"
#include "yaml_writer.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QUrl>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::BootstrapPlan", text);
}

const QString kRbacGroup = QStringLiteral("rbac.authorization.k8s.io");

QJsonObject metadata(const QString &name, const QString &ns = {})
{
    QJsonObject meta{{QStringLiteral("name"), name}};
    if (!ns.isEmpty())
        meta.insert(QStringLiteral("namespace"), ns);
    return meta;
}

QJsonObject rule(const QString &resource, const QString &verb, const QString &resourceName = {})
{
    QJsonObject rule{{QStringLiteral("apiGroups"), QJsonArray{QString()}},
                     {QStringLiteral("resources"), QJsonArray{resource}},
                     {QStringLiteral("verbs"), QJsonArray{verb}}};
    if (!resourceName.isEmpty())
        rule.insert(QStringLiteral("resourceNames"), QJsonArray{resourceName});
    return rule;
}

QJsonObject subject(const QString &kind, const QString &name)
{
    return {{QStringLiteral("apiGroup"), kRbacGroup},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("name"), name}};
}

QJsonArray groupSubjects(const QStringList &groups)
{
    QJsonArray subjects;
    for (const QString &group : groups)
        subjects.append(subject(QStringLiteral("Group"), group));
    return subjects;
}

PlannedObject rbacObject(BootstrapPart part, const QString &kind, const QString &plural,
                         const QString &name, const QString &ns, QJsonObject body)
{
    body.insert(QStringLiteral("apiVersion"), kRbacGroup + QStringLiteral("/v1"));
    body.insert(QStringLiteral("kind"), kind);
    body.insert(QStringLiteral("metadata"), metadata(name, ns));
    const QString collection = paths::rbac(plural, ns);
    return {part, body, collection, collection + QLatin1Char('/') + name};
}

PlannedObject clusterRoleBinding(BootstrapPart part, const QString &name, const QString &role,
                                 const QJsonArray &subjects)
{
    return rbacObject(part, QStringLiteral("ClusterRoleBinding"),
                      QStringLiteral("clusterrolebindings"), name, {},
                      {{QStringLiteral("roleRef"),
                        QJsonObject{{QStringLiteral("apiGroup"), kRbacGroup},
                                    {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                                    {QStringLiteral("name"), role}}},
                       {QStringLiteral("subjects"), subjects}});
}

} // namespace

QString kubectlCommand(const PlannedObject &planned)
{
    return kubectl::create(planned.object);
}

QString kubectlCommandWithoutSecrets(const PlannedObject &planned)
{
    QString command = kubectl::create(planned.object);
    const QString secret =
        QString::fromUtf8(QByteArray::fromBase64(planned.object.value(QStringLiteral("data"))
                                                     .toObject()
                                                     .value(QStringLiteral("token-secret"))
                                                     .toString()
                                                     .toLatin1()));
    if (planned.kind() == QLatin1String("Secret") && !secret.isEmpty())
        command.replace(QStringLiteral("token-secret=") + secret,
                        QStringLiteral("token-secret=\"${TOKEN_SECRET:?set TOKEN_SECRET to the "
                                       "secret of the token}\""));
    return command;
}

std::vector<BootstrapPart> allBootstrapParts()
{
    return {BootstrapPart::Token,
            BootstrapPart::ClusterInfo,
            BootstrapPart::AnonymousRead,
            BootstrapPart::NodeBootstrapper,
            BootstrapPart::GetNodes,
            BootstrapPart::AutoApproveFirst,
            BootstrapPart::AutoApproveRenewals};
}

QString partName(BootstrapPart part)
{
    switch (part) {
    case BootstrapPart::Token:
        return QStringLiteral("token");
    case BootstrapPart::ClusterInfo:
        return QStringLiteral("cluster-info");
    case BootstrapPart::AnonymousRead:
        return QStringLiteral("anonymous-read");
    case BootstrapPart::NodeBootstrapper:
        return QStringLiteral("node-bootstrapper");
    case BootstrapPart::GetNodes:
        return QStringLiteral("get-nodes");
    case BootstrapPart::AutoApproveFirst:
        return QStringLiteral("auto-approve-first");
    case BootstrapPart::AutoApproveRenewals:
        return QStringLiteral("auto-approve-renewals");
    }
    return {};
}

QString describe(BootstrapPart part)
{
    switch (part) {
    case BootstrapPart::Token:
        return tr("the bootstrap token a joining node authenticates with");
    case BootstrapPart::ClusterInfo:
        return tr("cluster-info: the API server's URL and CA, signed with the token");
    case BootstrapPart::AnonymousRead:
        return tr("anyone may read cluster-info (and nothing else) before they hold a credential");
    case BootstrapPart::NodeBootstrapper:
        return tr("the token's group may ask for a certificate (system:node-bootstrapper)");
    case BootstrapPart::GetNodes:
        return tr("the token's group may look up nodes, so kubeadm join can check the node "
                  "name is free");
    case BootstrapPart::AutoApproveFirst:
        return tr("a node's first client certificate, asked for with the token, is approved "
                  "automatically");
    case BootstrapPart::AutoApproveRenewals:
        return tr("nodes' renewals of their own client certificates are approved automatically");
    }
    return {};
}

QString PlannedObject::kind() const
{
    return object.value(QStringLiteral("kind")).toString();
}

QString PlannedObject::name() const
{
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

QString PlannedObject::namespaceName() const
{
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("namespace"))
        .toString();
}

QString PlannedObject::displayName() const
{
    return kubectl::reference(kind(), name(), namespaceName());
}

namespace {

// cluster-info as kubeadm writes it, for `options.server` and CA.
Result<PlannedObject> clusterInfoObject(const BootstrapOptions &options)
{
    const QUrl server(options.server, QUrl::StrictMode);
    if (!server.isValid() || server.scheme() != QLatin1String("https") || server.host().isEmpty())
        return fail(tr("'%1' is not an https:// URL of an API server").arg(options.server));
    if (x509::certificatesIn(options.certificateAuthority).isEmpty())
        return fail(tr("cluster-info needs the cluster's CA certificate (PEM)"));
    const QString collection = paths::configMaps(QLatin1String(kClusterInfoNamespace));
    return PlannedObject{
        BootstrapPart::ClusterInfo,
        clusterInfoConfigMap(clusterInfoKubeconfig(options.server, options.certificateAuthority)),
        collection, collection + QLatin1Char('/') + QLatin1String(kClusterInfoName)};
}

// kubeadm's Role and RoleBinding that let anyone read cluster-info.
std::vector<PlannedObject> anonymousReadObjects()
{
    const QString name = QStringLiteral("kubeadm:bootstrap-signer-clusterinfo");
    const QString ns = QLatin1String(kClusterInfoNamespace);
    return {rbacObject(BootstrapPart::AnonymousRead, QStringLiteral("Role"),
                       QStringLiteral("roles"), name, ns,
                       {{QStringLiteral("rules"),
                         QJsonArray{rule(QStringLiteral("configmaps"), QStringLiteral("get"),
                                         QLatin1String(kClusterInfoName))}}}),
            rbacObject(BootstrapPart::AnonymousRead, QStringLiteral("RoleBinding"),
                       QStringLiteral("rolebindings"), name, ns,
                       {{QStringLiteral("roleRef"),
                         QJsonObject{{QStringLiteral("apiGroup"), kRbacGroup},
                                     {QStringLiteral("kind"), QStringLiteral("Role")},
                                     {QStringLiteral("name"), name}}},
                        {QStringLiteral("subjects"),
                         QJsonArray{subject(QStringLiteral("User"),
                                            QStringLiteral("system:anonymous"))}}})};
}

} // namespace

Result<std::vector<PlannedObject>> planBootstrap(const BootstrapOptions &options)
{
    const auto wants = [&](BootstrapPart part) {
        return options.parts.count(part) != 0;
    };
    for (const QString &group : options.groups) {
        if (const QString problem = bootstrapGroupProblem(group); !problem.isEmpty())
            return fail(problem);
    }
    const bool bindsGroups = wants(BootstrapPart::NodeBootstrapper)
                             || wants(BootstrapPart::GetNodes)
                             || wants(BootstrapPart::AutoApproveFirst);
    if (bindsGroups && options.groups.isEmpty())
        return fail(tr("name at least one bootstrap group to bind (kubeadm's is %1)")
                        .arg(QLatin1String(BootstrapToken::kDefaultGroup)));

    std::vector<PlannedObject> plan;
    if (wants(BootstrapPart::Token)) {
        const QString ns = QLatin1String(BootstrapToken::kNamespace);
        const QString collection = paths::secrets(ns);
        plan.push_back({BootstrapPart::Token, options.token.toSecret(), collection,
                        collection + QLatin1Char('/') + options.token.secretName()});
    }
    if (wants(BootstrapPart::ClusterInfo)) {
        auto clusterInfo = clusterInfoObject(options);
        if (!clusterInfo)
            return unexpected(clusterInfo.error());
        plan.push_back(*clusterInfo);
    }
    if (wants(BootstrapPart::AnonymousRead)) {
        for (PlannedObject &object : anonymousReadObjects())
            plan.push_back(std::move(object));
    }
    const QJsonArray groups = groupSubjects(options.groups);
    if (wants(BootstrapPart::NodeBootstrapper))
        plan.push_back(clusterRoleBinding(BootstrapPart::NodeBootstrapper,
                                          QStringLiteral("kubeadm:kubelet-bootstrap"),
                                          QStringLiteral("system:node-bootstrapper"), groups));
    if (wants(BootstrapPart::GetNodes)) {
        const QString name = QStringLiteral("kubeadm:get-nodes");
        plan.push_back(
            rbacObject(BootstrapPart::GetNodes, QStringLiteral("ClusterRole"),
                       QStringLiteral("clusterroles"), name, {},
                       {{QStringLiteral("rules"),
                         QJsonArray{rule(QStringLiteral("nodes"), QStringLiteral("get"))}}}));
        plan.push_back(clusterRoleBinding(BootstrapPart::GetNodes, name, name, groups));
    }
    if (wants(BootstrapPart::AutoApproveFirst))
        plan.push_back(clusterRoleBinding(
            BootstrapPart::AutoApproveFirst, QStringLiteral("kubeadm:node-autoapprove-bootstrap"),
            QStringLiteral("system:certificates.k8s.io:certificatesigningrequests:nodeclient"),
            groups));
    if (wants(BootstrapPart::AutoApproveRenewals))
        plan.push_back(clusterRoleBinding(
            BootstrapPart::AutoApproveRenewals,
            QStringLiteral("kubeadm:node-autoapprove-certificate-rotation"),
            QStringLiteral("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient"),
            groupSubjects({QStringLiteral("system:nodes")})));
    return plan;
}

std::optional<BootstrapPart> bootstrapPartOf(const QString &kind, const QString &namespaceName,
                                             const QString &name)
{
    // The RBAC parts need nothing but a group, so the plan itself is the list of their names.
    BootstrapOptions options;
    options.groups = {QLatin1String(BootstrapToken::kDefaultGroup)};
    options.parts = {BootstrapPart::AnonymousRead, BootstrapPart::NodeBootstrapper,
                     BootstrapPart::GetNodes, BootstrapPart::AutoApproveFirst,
                     BootstrapPart::AutoApproveRenewals};
    const auto plan = planBootstrap(options);
    if (!plan)
        return std::nullopt;
    for (const PlannedObject &planned : *plan) {
        if (planned.kind() == kind && planned.namespaceName() == namespaceName
            && planned.name() == name)
            return planned.part;
    }
    return std::nullopt;
}

QByteArray renderBundle(const std::vector<PlannedObject> &plan)
{
    QByteArray bundle;
    for (const PlannedObject &planned : plan) {
        const auto yaml = writeYaml(planned.object);
        bundle += "---\n" + (yaml ? *yaml : QByteArray());
    }
    return bundle;
}

QString renderKubectlScript(const std::vector<PlannedObject> &plan)
{
    QString script = QStringLiteral(
        "#!/bin/sh\n# The TLS-bootstrap objects, as Kubestrap planned them. It holds the bootstrap "
        "token:\n# keep it private. Run with the kubectl context of the cluster to set up.\n"
        "set -e\n");
    std::optional<BootstrapPart> previous;
    for (const PlannedObject &planned : plan) {
        if (planned.part != previous) // a part's objects go under one comment
            script += QStringLiteral("\n# %1\n").arg(describe(planned.part));
        script += kubectlCommand(planned) + QLatin1Char('\n');
        previous = planned.part;
    }
    return script;
}

} // namespace kubestrap
