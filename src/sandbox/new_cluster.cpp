#include "new_cluster.h"

#include "api_handler.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace kubestrap::sandbox {

namespace {

std::vector<QJsonObject> parse(const char *json)
{
    std::vector<QJsonObject> objects;
    for (const QJsonValue &value : QJsonDocument::fromJson(json).array())
        objects.push_back(value.toObject());
    return objects;
}

} // namespace

std::vector<QJsonObject> defaultClusterRoles()
{
    return parse(R"([
{"metadata":{"name":"cluster-admin","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "rules":[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]},{"nonResourceURLs":["*"],"verbs":["*"]}]},
{"metadata":{"name":"admin","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"rbac.authorization.k8s.io/aggregate-to-admin":"true"}}]},"rules":[]},
{"metadata":{"name":"edit","labels":{"kubernetes.io/bootstrapping":"rbac-defaults","rbac.authorization.k8s.io/aggregate-to-admin":"true"}},
 "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"rbac.authorization.k8s.io/aggregate-to-edit":"true"}}]},"rules":[]},
{"metadata":{"name":"view","labels":{"kubernetes.io/bootstrapping":"rbac-defaults","rbac.authorization.k8s.io/aggregate-to-edit":"true"}},
 "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}}]},"rules":[]},
{"metadata":{"name":"system:aggregate-to-admin","labels":{"kubernetes.io/bootstrapping":"rbac-defaults","rbac.authorization.k8s.io/aggregate-to-admin":"true"}},
 "rules":[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["rolebindings","roles"],"verbs":["create","delete","deletecollection","get","list","patch","update","watch"]},
          {"apiGroups":["authorization.k8s.io"],"resources":["localsubjectaccessreviews"],"verbs":["create"]}]},
{"metadata":{"name":"system:aggregate-to-edit","labels":{"kubernetes.io/bootstrapping":"rbac-defaults","rbac.authorization.k8s.io/aggregate-to-edit":"true"}},
 "rules":[{"apiGroups":[""],"resources":["configmaps","secrets","serviceaccounts"],"verbs":["create","delete","deletecollection","patch","update"]},
          {"apiGroups":[""],"resources":["secrets"],"verbs":["get","list","watch"]},
          {"apiGroups":[""],"resources":["serviceaccounts/token"],"verbs":["create"]},
          {"apiGroups":[""],"resources":["serviceaccounts"],"verbs":["impersonate"]}]},
{"metadata":{"name":"system:aggregate-to-view","labels":{"kubernetes.io/bootstrapping":"rbac-defaults","rbac.authorization.k8s.io/aggregate-to-view":"true"}},
 "rules":[{"apiGroups":[""],"resources":["configmaps","serviceaccounts","namespaces"],"verbs":["get","list","watch"]}]},
{"metadata":{"name":"system:discovery","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "rules":[{"nonResourceURLs":["/api","/api/*","/apis","/apis/*","/healthz","/livez","/openapi","/openapi/*","/readyz","/version","/version/"],"verbs":["get"]}]},
{"metadata":{"name":"system:public-info-viewer","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "rules":[{"nonResourceURLs":["/healthz","/livez","/readyz","/version","/version/"],"verbs":["get"]}]},
{"metadata":{"name":"system:basic-user","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "rules":[{"apiGroups":["authorization.k8s.io"],"resources":["selfsubjectaccessreviews","selfsubjectrulesreviews"],"verbs":["create"]},
          {"apiGroups":["authentication.k8s.io"],"resources":["selfsubjectreviews"],"verbs":["create"]}]},
{"metadata":{"name":"system:node-bootstrapper","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "rules":[{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests"],"verbs":["create","get","list","watch"]}]},
{"metadata":{"name":"system:certificates.k8s.io:certificatesigningrequests:nodeclient","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "rules":[{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests/nodeclient"],"verbs":["create"]}]},
{"metadata":{"name":"system:certificates.k8s.io:certificatesigningrequests:selfnodeclient","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "rules":[{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests/selfnodeclient"],"verbs":["create"]}]},
{"metadata":{"name":"system:certificates.k8s.io:certificatesigningrequests:selfnodeserver","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "rules":[{"apiGroups":["certificates.k8s.io"],"resources":["certificatesigningrequests/selfnodeserver"],"verbs":["create"]}]}
])");
}

std::vector<QJsonObject> defaultClusterRoleBindings()
{
    return parse(R"([
{"metadata":{"name":"cluster-admin","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},
 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"system:masters"}]},
{"metadata":{"name":"system:discovery","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"system:discovery"},
 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"system:authenticated"}]},
{"metadata":{"name":"system:basic-user","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"system:basic-user"},
 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"system:authenticated"}]},
{"metadata":{"name":"system:public-info-viewer","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"}},
 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"system:public-info-viewer"},
 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"system:authenticated"},
             {"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"system:unauthenticated"}]}
])");
}

void seedNewCluster(ApiHandler &api)
{
    const auto create = [&api](const QString &path, const QJsonObject &object) {
        ApiRequest request;
        request.method = "POST";
        request.path = path;
        request.identity = {
            QStringLiteral("system:apiserver"), {}, {QStringLiteral("system:masters")}};
        request.contentType = "application/json";
        request.body = QJsonDocument(object).toJson();
        api.handle(request);
    };
    for (const char *name : {"default", "kube-system", "kube-public", "kube-node-lease"})
        create(QStringLiteral("/api/v1/namespaces"),
               QJsonObject{{QStringLiteral("metadata"),
                            QJsonObject{{QStringLiteral("name"), QLatin1String(name)}}}});
    for (const QJsonObject &role : defaultClusterRoles())
        create(QStringLiteral("/apis/rbac.authorization.k8s.io/v1/clusterroles"), role);
    for (const QJsonObject &binding : defaultClusterRoleBindings())
        create(QStringLiteral("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings"), binding);
}

} // namespace kubestrap::sandbox
