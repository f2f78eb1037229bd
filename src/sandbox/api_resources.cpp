#include "api_resources.h"

namespace kubestrap::sandbox {

namespace {

QStringList crud()
{
    return {QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("get"),
            QStringLiteral("list"),   QStringLiteral("patch"),  QStringLiteral("update"),
            QStringLiteral("watch")};
}

// Every kind the sandbox can serve; apiResources() leaves out what --disable-api hides. Over 80
// lines on purpose: it is a table, one entry per kind as discovery describes it, and reads best
// whole.
const std::vector<ApiResource> &allResources()
{
    static const std::vector<ApiResource> resources = [] {
        const QString core;
        const QString v1 = QStringLiteral("v1");
        const QString rbac = QStringLiteral("rbac.authorization.k8s.io");
        std::vector<ApiResource> r{
            {core,
             v1,
             QStringLiteral("namespaces"),
             QStringLiteral("namespace"),
             QStringLiteral("Namespace"),
             false,
             crud(),
             {QStringLiteral("ns")}},
            // Nodes are stored, not run: kubeadm join looks a node's name up, and RBAC names them.
            {core,
             v1,
             QStringLiteral("nodes"),
             QStringLiteral("node"),
             QStringLiteral("Node"),
             false,
             crud(),
             {QStringLiteral("no")}},
            {core,
             v1,
             QStringLiteral("secrets"),
             QStringLiteral("secret"),
             QStringLiteral("Secret"),
             true,
             crud(),
             {}},
            {core,
             v1,
             QStringLiteral("configmaps"),
             QStringLiteral("configmap"),
             QStringLiteral("ConfigMap"),
             true,
             crud(),
             {QStringLiteral("cm")}},
            {core,
             v1,
             QStringLiteral("serviceaccounts"),
             QStringLiteral("serviceaccount"),
             QStringLiteral("ServiceAccount"),
             true,
             crud(),
             {QStringLiteral("sa")}},
            {rbac,
             v1,
             QStringLiteral("clusterroles"),
             QStringLiteral("clusterrole"),
             QStringLiteral("ClusterRole"),
             false,
             crud(),
             {}},
            {rbac,
             v1,
             QStringLiteral("clusterrolebindings"),
             QStringLiteral("clusterrolebinding"),
             QStringLiteral("ClusterRoleBinding"),
             false,
             crud(),
             {}},
            {rbac,
             v1,
             QStringLiteral("roles"),
             QStringLiteral("role"),
             QStringLiteral("Role"),
             true,
             crud(),
             {}},
            {rbac,
             v1,
             QStringLiteral("rolebindings"),
             QStringLiteral("rolebinding"),
             QStringLiteral("RoleBinding"),
             true,
             crud(),
             {}},
            // Reviews: created and answered, never stored.
            {QStringLiteral("authorization.k8s.io"),
             v1,
             QStringLiteral("selfsubjectaccessreviews"),
             QStringLiteral("selfsubjectaccessreview"),
             QStringLiteral("SelfSubjectAccessReview"),
             false,
             {QStringLiteral("create")},
             {}},
            {QStringLiteral("authorization.k8s.io"),
             v1,
             QStringLiteral("selfsubjectrulesreviews"),
             QStringLiteral("selfsubjectrulesreview"),
             QStringLiteral("SelfSubjectRulesReview"),
             false,
             {QStringLiteral("create")},
             {}},
            {QStringLiteral("authorization.k8s.io"),
             v1,
             QStringLiteral("subjectaccessreviews"),
             QStringLiteral("subjectaccessreview"),
             QStringLiteral("SubjectAccessReview"),
             false,
             {QStringLiteral("create")},
             {}},
            // As Kubernetes 1.28 and later serve it, and as 1.27 (beta) and 1.26 (alpha) did.
            {QStringLiteral("authentication.k8s.io"),
             v1,
             QStringLiteral("selfsubjectreviews"),
             QStringLiteral("selfsubjectreview"),
             QStringLiteral("SelfSubjectReview"),
             false,
             {QStringLiteral("create")},
             {}},
            {QStringLiteral("authentication.k8s.io"),
             QStringLiteral("v1beta1"),
             QStringLiteral("selfsubjectreviews"),
             QStringLiteral("selfsubjectreview"),
             QStringLiteral("SelfSubjectReview"),
             false,
             {QStringLiteral("create")},
             {}},
            {QStringLiteral("authentication.k8s.io"),
             QStringLiteral("v1alpha1"),
             QStringLiteral("selfsubjectreviews"),
             QStringLiteral("selfsubjectreview"),
             QStringLiteral("SelfSubjectReview"),
             false,
             {QStringLiteral("create")},
             {}},
            {QStringLiteral("certificates.k8s.io"),
             v1,
             QStringLiteral("certificatesigningrequests"),
             QStringLiteral("certificatesigningrequest"),
             QStringLiteral("CertificateSigningRequest"),
             false,
             crud(),
             {QStringLiteral("csr")}},
        };
        return r;
    }();
    return resources;
}

std::vector<ApiResource> &served()
{
    static std::vector<ApiResource> resources = allResources();
    return resources;
}

} // namespace

const std::vector<ApiResource> &apiResources()
{
    return served();
}

void hideGroupVersions(const QStringList &groupVersions)
{
    served().clear();
    for (const ApiResource &resource : allResources()) {
        if (!groupVersions.contains(resource.groupVersion()))
            served().push_back(resource);
    }
}

const ApiResource *findResource(const QString &groupVersion, const QString &plural)
{
    for (const ApiResource &resource : apiResources()) {
        if (resource.groupVersion() == groupVersion && resource.plural == plural)
            return &resource;
    }
    return nullptr;
}

} // namespace kubestrap::sandbox
