#include "bootstrap_plan.h"
#include "object_yaml.h"
#include "rbac_object.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace kubestrap;

namespace {

QJsonObject parse(const char *yaml)
{
    auto object = objectFromYaml(yaml);
    if (!object)
        qFatal("%s", qPrintable(object.error().message));
    return *object;
}

} // namespace

// RBAC objects as the panel edits them: YAML in and out, and what the API server would refuse,
// said before anything is sent.
class TestRbacObject : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void editableYamlLeavesOutWhatTheServerOwnsAndReadsBackTheRest()
    {
        const QJsonObject object = QJsonDocument::fromJson(R"({
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": {"name": "reader", "resourceVersion": "42",
                         "labels": {"team": "ops", "tier": "1"},
                         "managedFields": [{"manager": "kubectl"}]},
            "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}],
            "status": {"anything": true}})")
                                       .object();
        const QByteArray yaml = editableYaml(object);
        QVERIFY(!yaml.contains("managedFields"));
        QVERIFY(!yaml.contains("status"));
        QVERIFY2(yaml.contains("resourceVersion: \"42\""), yaml.constData());
        // The label "1" stays a string: written back it would not turn into a number.
        QVERIFY2(yaml.contains("tier: \"1\""), yaml.constData());
        QJsonObject expected = object;
        expected.remove(QStringLiteral("status"));
        QJsonObject metadata = expected.value(QStringLiteral("metadata")).toObject();
        metadata.remove(QStringLiteral("managedFields"));
        expected.insert(QStringLiteral("metadata"), metadata);
        QCOMPARE(parse(yaml), expected);
    }

    void whatIsNotAnObjectIsSaidWithItsPlace()
    {
        QVERIFY(objectFromYaml("").error().message.contains(QStringLiteral("nothing to save")));
        QVERIFY(objectFromYaml("- a\n").error().message.contains(QStringLiteral("mapping")));
        QVERIFY(objectFromYaml("kind: Role\nmetadata: {name: x}\n")
                    .error()
                    .message.contains(QStringLiteral("apiVersion")));
        const auto broken = objectFromYaml("apiVersion: v1\nkind: [\n");
        QVERIFY(!broken);
        QVERIFY2(broken.error().message.contains(QStringLiteral("line")),
                 qPrintable(broken.error().message));
    }

    void theStartingPointsNeedOnlyNames()
    {
        for (RbacKind kind : {RbacKind::Role, RbacKind::ClusterRole, RbacKind::RoleBinding,
                              RbacKind::ClusterRoleBinding}) {
            QByteArray yaml = rbac::newObjectYaml(kind, QStringLiteral("team-a"));
            QVERIFY(objectFromYaml(yaml).error().message.contains(QStringLiteral("metadata.name")));
            const QByteArray unnamed("  name: \n");
            yaml.replace(yaml.indexOf(unnamed), unnamed.size(), "  name: first\n");
            const QJsonObject object = parse(yaml);
            const bool binding =
                kind == RbacKind::RoleBinding || kind == RbacKind::ClusterRoleBinding;
            QCOMPARE(rbac::problemWith(object, kind),
                     binding ? QStringLiteral("subjects[0] needs a name") : QString());
            if (binding) {
                yaml.replace("  name: \n", "  name: ada\n");
                QCOMPARE(rbac::problemWith(parse(yaml), kind), QString());
            }
            QCOMPARE(object.value(QStringLiteral("metadata"))
                         .toObject()
                         .contains(QStringLiteral("namespace")),
                     rbac::isNamespaced(kind));
        }
    }

    void refusesWhatTheApiServerRefuses_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("problem");
        const QByteArray role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"
                                "metadata: {name: r, namespace: ns}\n";
        const QByteArray clusterRole = "apiVersion: rbac.authorization.k8s.io/v1\n"
                                       "kind: ClusterRole\nmetadata: {name: r}\n";
        const QByteArray binding = "apiVersion: rbac.authorization.k8s.io/v1\n"
                                   "kind: ClusterRoleBinding\nmetadata: {name: b}\n";
        QTest::newRow("wrong kind") << role << int(RbacKind::ClusterRole) << "kind must be";
        QTest::newRow("no namespace")
            << QByteArray("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"
                          "metadata: {name: r}\n")
            << int(RbacKind::Role) << "needs metadata.namespace";
        QTest::newRow("no verbs") << role + "rules: [{apiGroups: [''], resources: [pods]}]"
                                  << int(RbacKind::Role) << "rules[0] needs verbs";
        QTest::newRow("no groups") << clusterRole + "rules: [{resources: [pods], verbs: [get]}]"
                                   << int(RbacKind::ClusterRole) << "rules[0] needs apiGroups";
        QTest::newRow("urls in a Role")
            << role + "rules: [{nonResourceURLs: [/healthz], verbs: [get]}]" << int(RbacKind::Role)
            << "a Role cannot grant nonResourceURLs";
        QTest::newRow("urls and resources")
            << clusterRole
                   + "rules: [{nonResourceURLs: [/x], resources: [pods], apiGroups: [''], "
                     "verbs: [get]}]"
            << int(RbacKind::ClusterRole) << "both resources and nonResourceURLs";
        QTest::newRow("binds a Role cluster-wide")
            << binding + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}"
            << int(RbacKind::ClusterRoleBinding) << "roleRef.kind must be ClusterRole";
        QTest::newRow("service account without namespace")
            << binding
                   + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "
                     "view}\nsubjects: [{kind: ServiceAccount, name: robot}]"
            << int(RbacKind::ClusterRoleBinding) << "name the ServiceAccount's namespace";
        QTest::newRow("unknown subject kind")
            << binding
                   + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "
                     "view}\nsubjects: [{kind: Robot, name: r2}]"
            << int(RbacKind::ClusterRoleBinding) << "must be User, Group or ServiceAccount";
    }

    void refusesWhatTheApiServerRefuses()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, kind);
        QFETCH(QString, problem);
        const QString said = rbac::problemWith(parse(yaml), RbacKind(kind));
        QVERIFY2(said.contains(problem), qPrintable(said));
    }

    void anEditKeepsTheNameAndTheRoleRef()
    {
        const QJsonObject before =
            parse("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n"
                  "metadata: {name: b, namespace: ns}\n"
                  "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n");
        QJsonObject more = before;
        more.insert(QStringLiteral("subjects"),
                    QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("Group")},
                                           {QStringLiteral("name"), QStringLiteral("devs")},
                                           {QStringLiteral("apiGroup"),
                                            QStringLiteral("rbac.authorization.k8s.io")}}});
        QCOMPARE(rbac::problemWith(more, RbacKind::RoleBinding, before), QString());
        QJsonObject otherRole = before;
        otherRole.insert(
            QStringLiteral("roleRef"),
            QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                        {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                        {QStringLiteral("name"), QStringLiteral("admin")}});
        QVERIFY(rbac::problemWith(otherRole, RbacKind::RoleBinding, before)
                    .contains(QStringLiteral("roleRef cannot change")));
        QJsonObject renamed = before;
        renamed.insert(QStringLiteral("metadata"),
                       QJsonObject{{QStringLiteral("name"), QStringLiteral("b2")},
                                   {QStringLiteral("namespace"), QStringLiteral("ns")}});
        QVERIFY(rbac::problemWith(renamed, RbacKind::RoleBinding, before)
                    .contains(QStringLiteral("cannot change")));
    }

    void defaultsTheServerRestoresAreWarnedAbout()
    {
        const QJsonObject reconciled = parse(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: view\n"
            "  annotations: {rbac.authorization.kubernetes.io/autoupdate: 'true'}\n");
        QVERIFY(rbac::reconciledWarning(reconciled).contains(QStringLiteral("undone")));
        QCOMPARE(rbac::reconciledWarning(parse("apiVersion: v1\nkind: Pod\nmetadata: {name: z}\n")),
                 QString());
    }

    void pathsAndCommandsNameTheObject()
    {
        QCOMPARE(rbac::apiPath(RbacKind::RoleBinding, QStringLiteral("ns"), QStringLiteral("b")),
                 QStringLiteral("/apis/rbac.authorization.k8s.io/v1/namespaces/ns/rolebindings/b"));
        QCOMPARE(rbac::apiPath(RbacKind::ClusterRole, {}),
                 QStringLiteral("/apis/rbac.authorization.k8s.io/v1/clusterroles"));
        QCOMPARE(rbac::kubectlDelete(RbacKind::Role, QStringLiteral("ns"), QStringLiteral("r")),
                 QStringLiteral("kubectl delete role r -n ns"));
        QCOMPARE(rbac::kindNamed(QStringLiteral("ClusterRoleBinding")),
                 RbacKind::ClusterRoleBinding);
        QVERIFY(!rbac::kindNamed(QStringLiteral("Secret")));
    }

    void kubeadmsBootstrapObjectsAreRecognised()
    {
        QCOMPARE(bootstrapPartOf(QStringLiteral("ClusterRoleBinding"), {},
                                 QStringLiteral("kubeadm:kubelet-bootstrap")),
                 BootstrapPart::NodeBootstrapper);
        QCOMPARE(bootstrapPartOf(QStringLiteral("Role"), QStringLiteral("kube-public"),
                                 QStringLiteral("kubeadm:bootstrap-signer-clusterinfo")),
                 BootstrapPart::AnonymousRead);
        QVERIFY(!bootstrapPartOf(QStringLiteral("ClusterRoleBinding"), {},
                                 QStringLiteral("cluster-admin")));
    }
};

QTEST_GUILESS_MAIN(TestRbacObject)
#include "test_rbac_object.moc"
