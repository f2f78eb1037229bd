#include "rbac.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace kubestrap::rbac;

namespace {

std::vector<QJsonObject> objects(const char *json)
{
    std::vector<QJsonObject> list;
    for (const QJsonValue &value : QJsonDocument::fromJson(json).array())
        list.push_back(value.toObject());
    return list;
}

Request resource(const char *verb, const char *group, const char *resource, const char *ns = "",
                 const char *name = "", const char *subresource = "")
{
    return {QLatin1String(verb),
            QLatin1String(group),
            QLatin1String(resource),
            QLatin1String(subresource),
            QLatin1String(ns),
            QLatin1String(name),
            QString()};
}

// A small cluster: view aggregated from a labelled role, a namespaced reader, bindings of each
// kind.
Authorizer cluster()
{
    return Authorizer(
        objects(R"([{"metadata":{"name":"reader","namespace":"team"},
                     "rules":[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"],"resourceNames":["settings"]}]}])"),
        objects(
            R"([{"metadata":{"name":"view"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"agg":"view"}}]}},
                    {"metadata":{"name":"edit"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"agg":"edit"}}]}},
                    {"metadata":{"name":"view-part","labels":{"agg":"view"}},"rules":[{"apiGroups":[""],"resources":["pods","pods/log"],"verbs":["get","list"]}]},
                    {"metadata":{"name":"view-as-edit","labels":{"agg":"edit"}},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"agg":"view"}}]}},
                    {"metadata":{"name":"public"},"rules":[{"nonResourceURLs":["/version","/healthz/*"],"verbs":["get"]}]},
                    {"metadata":{"name":"csr"},"rules":[{"apiGroups":["certificates.k8s.io"],"resources":["*/nodeclient"],"verbs":["create"]}]}])"),
        objects(
            R"([{"metadata":{"name":"b1","namespace":"team"},"roleRef":{"kind":"Role","name":"reader"},
                     "subjects":[{"kind":"User","name":"alice"},{"kind":"ServiceAccount","name":"robot"}]},
                    {"metadata":{"name":"b2","namespace":"team"},"roleRef":{"kind":"ClusterRole","name":"edit"},
                     "subjects":[{"kind":"Group","name":"devs"}]}])"),
        objects(
            R"([{"metadata":{"name":"everyone"},"roleRef":{"kind":"ClusterRole","name":"public"},
                     "subjects":[{"kind":"Group","name":"system:unauthenticated"},{"kind":"Group","name":"system:authenticated"}]},
                    {"metadata":{"name":"bootstrap"},"roleRef":{"kind":"ClusterRole","name":"csr"},
                     "subjects":[{"kind":"Group","name":"system:bootstrappers"}]}])"));
}

} // namespace

class TestRbac : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void namespacedRoleWithResourceNames()
    {
        const Authorizer rbac = cluster();
        const UserInfo alice{QStringLiteral("alice"), {QStringLiteral("system:authenticated")}};
        const Decision allowed =
            rbac.authorize(alice, resource("get", "", "configmaps", "team", "settings"));
        QVERIFY(allowed.allowed);
        QCOMPARE(allowed.reason, QStringLiteral("RBAC: allowed by RoleBinding \"b1\" in namespace "
                                                "\"team\" of Role \"reader\" to User \"alice\""));
        QVERIFY(!rbac.authorize(alice, resource("get", "", "configmaps", "team", "other")).allowed);
        QVERIFY(!rbac.authorize(alice, resource("get", "", "configmaps", "elsewhere", "settings"))
                     .allowed);
        QVERIFY(!rbac.authorize(alice, resource("list", "", "configmaps", "team")).allowed);
    }

    void serviceAccountsTakeTheBindingsNamespace()
    {
        const Authorizer rbac = cluster();
        const UserInfo robot{QStringLiteral("system:serviceaccount:team:robot"), {}};
        QVERIFY(
            rbac.authorize(robot, resource("get", "", "configmaps", "team", "settings")).allowed);
        const UserInfo impostor{QStringLiteral("system:serviceaccount:other:robot"), {}};
        QVERIFY(!rbac.authorize(impostor, resource("get", "", "configmaps", "team", "settings"))
                     .allowed);
    }

    void aServiceAccountSubjectWithoutANamespaceInAClusterRoleBindingNamesNoOne()
    {
        // rbac's appliesToUser: the subject takes the binding's namespace, and a
        // ClusterRoleBinding has none.
        const Authorizer rbac(
            {},
            objects(
                R"([{"metadata":{"name":"all"},"rules":[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]}])"),
            {},
            objects(R"([{"metadata":{"name":"loose"},"roleRef":{"kind":"ClusterRole","name":"all"},
                         "subjects":[{"kind":"ServiceAccount","name":"robot"}]}])"));
        for (const char *name :
             {"system:serviceaccount::robot", "system:serviceaccount:default:robot"})
            QVERIFY(
                !rbac.authorize({QLatin1String(name), {}}, resource("get", "", "pods", "default"))
                     .allowed);
    }

    void systemMastersIsAllowedBeforeRbac()
    {
        const Authorizer none({}, {}, {}, {});
        const UserInfo root{QStringLiteral("root"), {QStringLiteral("system:masters")}};
        const Decision decision = none.authorize(root, resource("delete", "", "nodes", "", "n1"));
        QVERIFY(decision.allowed);
        QVERIFY(decision.reason.contains(QStringLiteral("system:masters")));
        QVERIFY(
            none.authorize(root,
                           {QStringLiteral("get"), {}, {}, {}, {}, {}, QStringLiteral("/metrics")})
                .allowed);
        const auto rules = none.rulesFor(root, QStringLiteral("any"));
        QCOMPARE(rules.size(), size_t(2));
        QVERIFY(!none.authorize({QStringLiteral("root"), {QStringLiteral("system:master")}},
                                resource("get", "", "pods", "default"))
                     .allowed);
    }

    void theApiServersOwnGroupsAreAdded_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("groups");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("a user") << QStringLiteral("alice") << QStringList{QStringLiteral("devs")}
                                << QStringList{QStringLiteral("devs"),
                                               QStringLiteral("system:authenticated")};
        QTest::newRow("a service account")
            << QStringLiteral("system:serviceaccount:team:robot") << QStringList()
            << QStringList{QStringLiteral("system:serviceaccounts"),
                           QStringLiteral("system:serviceaccounts:team"),
                           QStringLiteral("system:authenticated")};
        QTest::newRow("anonymous") << QStringLiteral("system:anonymous") << QStringList()
                                   << QStringList{QStringLiteral("system:unauthenticated")};
        // The impersonation filter's own cases: a service account asked for with groups keeps
        // only those; asking for system:unauthenticated withholds system:authenticated; a name
        // that SplitUsername refuses is a plain user.
        QTest::newRow("a service account with groups")
            << QStringLiteral("system:serviceaccount:team:robot")
            << QStringList{QStringLiteral("ops")}
            << QStringList{QStringLiteral("ops"), QStringLiteral("system:authenticated")};
        QTest::newRow("unauthenticated asked for")
            << QStringLiteral("carol") << QStringList{QStringLiteral("system:unauthenticated")}
            << QStringList{QStringLiteral("system:unauthenticated")};
        QTest::newRow("not a service account: three parts")
            << QStringLiteral("system:serviceaccount:a:b:c") << QStringList()
            << QStringList{QStringLiteral("system:authenticated")};
        QTest::newRow("not a service account: upper case namespace")
            << QStringLiteral("system:serviceaccount:Team:robot") << QStringList()
            << QStringList{QStringLiteral("system:authenticated")};
        QTest::newRow("already there")
            << QStringLiteral("bob") << QStringList{QStringLiteral("system:authenticated")}
            << QStringList{QStringLiteral("system:authenticated")};
    }

    void theApiServersOwnGroupsAreAdded()
    {
        QFETCH(QString, user);
        QFETCH(QStringList, groups);
        QFETCH(QStringList, expected);
        QCOMPARE(withImplicitGroups({user, groups}).groups, expected);
        // What a service account may do then includes what its groups are bound to.
        if (groups.isEmpty() && serviceAccountOf(user)) {
            const Authorizer rbac(
                {},
                objects(
                    R"([{"metadata":{"name":"r"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["list"]}]}])"),
                {},
                objects(R"([{"metadata":{"name":"b"},"roleRef":{"kind":"ClusterRole","name":"r"},
                             "subjects":[{"kind":"Group","name":"system:serviceaccounts:team"}]}])"));
            QVERIFY(rbac.rulesFor({user, groups}, {}).empty());
            QCOMPARE(rbac.rulesFor(withImplicitGroups({user, groups}), {}).size(), size_t(1));
        }
    }

    // clusterroleaggregation_controller_test.go's TestSyncClusterRole, as facts: dead rules
    // removed, stripped when nothing matches, the selected roles' rules in name order, several
    // selectors, duplicates once.
    void aggregatedRulesAreTheControllers_data()
    {
        QTest::addColumn<QString>("roles");
        QTest::addColumn<QString>("selectors");
        QTest::addColumn<QString>("own");
        QTest::addColumn<QString>("expected");
        const QString hammer = QStringLiteral(
            R"({"verbs":["hammer"],"resources":["nails"]},{"verbs":["hammer"],"resources":["wedges"]})");
        const QString chisel = QStringLiteral(R"({"verbs":["chisel"],"resources":["mortises"]})");
        const QString saw = QStringLiteral(R"({"verbs":["saw"],"resources":["boards"]})");
        const auto role = [](const char *name, const char *foo, const QString &rules) {
            return QStringLiteral(
                       R"({"metadata":{"name":"%1","labels":{"foo":"%2"}},"rules":[%3]})")
                .arg(QLatin1String(name), QLatin1String(foo), rules);
        };
        const QString bar = QStringLiteral(R"([{"matchLabels":{"foo":"bar"}}])");
        const QString both =
            QStringLiteral(R"([{"matchLabels":{"foo":"bar"}},{"matchLabels":{"foo":"not-bar"}}])");
        QTest::newRow("remove dead rules") << role("hammer", "bar", hammer) << bar << saw << hammer;
        QTest::newRow("strip rules")
            << role("hammer", "not-bar", hammer) << bar << hammer << QString();
        QTest::newRow("select properly and put in order")
            << role("hammer", "bar", hammer) + QLatin1Char(',') + role("chisel", "bar", chisel)
                   + QLatin1Char(',') + role("saw", "not-bar", saw)
            << bar << QString() << chisel + QLatin1Char(',') + hammer;
        QTest::newRow("select properly with multiple selectors")
            << role("hammer", "bar", hammer) + QLatin1Char(',') + role("chisel", "bar", chisel)
                   + QLatin1Char(',') + role("saw", "not-bar", saw)
            << both << QString() << chisel + QLatin1Char(',') + hammer + QLatin1Char(',') + saw;
        QTest::newRow("select properly remove duplicates")
            << role("hammer", "bar", hammer) + QLatin1Char(',') + role("chisel", "bar", chisel)
                   + QLatin1Char(',') + role("saw", "bar", saw) + QLatin1Char(',')
                   + role("other-saw", "not-bar", saw)
            << both << QString() << chisel + QLatin1Char(',') + hammer + QLatin1Char(',') + saw;
        QTest::newRow("no diff") << role("hammer", "bar", hammer) << bar << hammer << hammer;
    }

    void aggregatedRulesAreTheControllers()
    {
        QFETCH(QString, roles);
        QFETCH(QString, selectors);
        QFETCH(QString, own);
        QFETCH(QString, expected);
        const QJsonObject combined =
            QJsonDocument::fromJson(
                QStringLiteral(
                    R"({"metadata":{"name":"combined","labels":{"foo":"bar"}},"aggregationRule":{"clusterRoleSelectors":%1},"rules":[%2]})")
                    .arg(selectors, own)
                    .toUtf8())
                .object();
        std::vector<QJsonObject> all =
            objects(QStringLiteral("[%1]").arg(roles).toUtf8().constData());
        all.push_back(combined); // it matches its own selector, and is still left out
        const auto rules = aggregatedRules(combined, all);
        QVERIFY(rules);
        QCOMPARE(*rules,
                 QJsonDocument::fromJson(QStringLiteral("[%1]").arg(expected).toUtf8()).array());
        QVERIFY(!aggregatedRules(all.front(), all)); // no aggregationRule, nothing to fill in
    }

    void aggregationNestsAndCoversSubresourcesExactly()
    {
        const Authorizer rbac = cluster();
        const UserInfo dev{QStringLiteral("bob"), {QStringLiteral("devs")}};
        QVERIFY(rbac.authorize(dev, resource("list", "", "pods", "team")).allowed);
        QVERIFY(rbac.authorize(dev, resource("get", "", "pods", "team", "p", "log")).allowed);
        QVERIFY(!rbac.authorize(dev, resource("get", "", "pods", "team", "p", "exec")).allowed);
        QVERIFY(!rbac.authorize(dev, resource("delete", "", "pods", "team", "p")).allowed);
        QVERIFY(!rbac.authorize(dev, resource("list", "", "pods", ""))
                     .allowed); // a RoleBinding is not cluster-wide
    }

    void nonResourceUrlsAndWildcardSubresources()
    {
        const Authorizer rbac = cluster();
        const UserInfo anonymous{QStringLiteral("system:anonymous"),
                                 {QStringLiteral("system:unauthenticated")}};
        QVERIFY(
            rbac.authorize(anonymous,
                           {QStringLiteral("get"), {}, {}, {}, {}, {}, QStringLiteral("/version")})
                .allowed);
        QVERIFY(
            rbac.authorize(
                    anonymous,
                    {QStringLiteral("get"), {}, {}, {}, {}, {}, QStringLiteral("/healthz/ping")})
                .allowed);
        QVERIFY(!rbac.authorize(anonymous,
                                {QStringLiteral("get"), {}, {}, {}, {}, {}, QStringLiteral("/api")})
                     .allowed);
        const UserInfo node{QStringLiteral("system:bootstrap:abcdef"),
                            {QStringLiteral("system:bootstrappers")}};
        QVERIFY(rbac.authorize(node, resource("create", "certificates.k8s.io",
                                              "certificatesigningrequests", "", "", "nodeclient"))
                    .allowed);
        QVERIFY(!rbac.authorize(node, resource("create", "certificates.k8s.io",
                                               "certificatesigningrequests"))
                     .allowed);
    }

    void whoCanNamesEachSubjectWithItsBinding()
    {
        const Authorizer rbac = cluster();
        // pods/log in "team": only the devs, through edit, which aggregates view.
        auto grants = rbac.whoCan(resource("get", "", "pods", "team", "", "log"));
        QCOMPARE(grants.size(), size_t(1));
        QCOMPARE(grants[0].subject.value(QStringLiteral("name")).toString(),
                 QStringLiteral("devs"));
        QCOMPARE(grants[0].bindingKind, QStringLiteral("RoleBinding"));
        QCOMPARE(grants[0].bindingName, QStringLiteral("b2"));
        QCOMPARE(grants[0].roleName, QStringLiteral("edit"));
        // The named configmap: alice and the robot through b1; another name: no one.
        grants = rbac.whoCan(resource("get", "", "configmaps", "team", "settings"));
        QStringList names;
        for (const auto &grant : grants)
            names << grant.subject.value(QStringLiteral("name")).toString();
        QCOMPARE(names, (QStringList{QStringLiteral("alice"), QStringLiteral("robot")}));
        QVERIFY(rbac.whoCan(resource("get", "", "configmaps", "team", "other")).empty());
        // Cluster-wide bindings answer for every namespace; RoleBindings only for their own.
        grants = rbac.whoCan(resource("create", "certificates.k8s.io", "certificatesigningrequests",
                                      "", "", "nodeclient"));
        QCOMPARE(grants.size(), size_t(1));
        QCOMPARE(grants[0].bindingKind, QStringLiteral("ClusterRoleBinding"));
        QVERIFY(rbac.whoCan(resource("get", "", "pods", "elsewhere")).empty());
    }

    void whoCanInEveryNamespaceNamesEachNamespacesGrants()
    {
        const Authorizer rbac = cluster();
        // Cluster-wide, only ClusterRoleBindings count, as the API server's subject locator has it.
        const Request anywhere = resource("get", "", "configmaps", "", "settings");
        QVERIFY(rbac.whoCan(anywhere).empty());
        const auto everywhere = rbac.whoCan(anywhere, Authorizer::Namespaces::Every);
        QCOMPARE(everywhere.size(), size_t(2)); // b1's alice and robot, in team
        for (const Authorizer::Grant &grant : everywhere) {
            QCOMPARE(grant.bindingKind, QStringLiteral("RoleBinding"));
            QCOMPARE(grant.bindingName, QStringLiteral("b1"));
            QCOMPARE(grant.bindingNamespace, QStringLiteral("team"));
        }
        // A namespace's own answer is the same either way.
        QCOMPARE(rbac.whoCan(resource("get", "", "configmaps", "team", "settings")).size(),
                 size_t(2));
    }

    void anIndexKeptCurrentAnswersAsOneBuiltAfresh()
    {
        // The same cluster, taken in change by change as the stores announce it, answers as the
        // one built at once; then each kind of change shows in the answers.
        Authorizer kept;
        const Authorizer whole = cluster();
        const auto all = [](const Authorizer &rbac) {
            QStringList names;
            for (const Request &request :
                 {resource("get", "", "pods", "team", "", "log"),
                  resource("get", "", "configmaps", "team", "settings"),
                  resource("create", "certificates.k8s.io", "certificatesigningrequests", "", "",
                           "nodeclient")})
                for (const auto &grant : rbac.whoCan(request, Authorizer::Namespaces::Every))
                    names << grant.bindingName + QLatin1Char(':')
                                 + grant.subject.value(QStringLiteral("name")).toString();
            return names;
        };
        QVERIFY(all(kept).isEmpty());
        kept.update(
            Authorizer::Kind::RoleBinding,
            objects(
                R"([{"metadata":{"name":"b1","namespace":"team"},"roleRef":{"kind":"Role","name":"reader"},
                     "subjects":[{"kind":"User","name":"alice"},{"kind":"ServiceAccount","name":"robot"}]},
                    {"metadata":{"name":"b2","namespace":"team"},"roleRef":{"kind":"ClusterRole","name":"edit"},
                     "subjects":[{"kind":"Group","name":"devs"}]}])"));
        QVERIFY(all(kept).isEmpty()); // bindings to roles not read yet
        kept.update(Authorizer::Kind::Role,
                    objects(R"([{"metadata":{"name":"reader","namespace":"team"},
                     "rules":[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"],"resourceNames":["settings"]}]}])"));
        // The ClusterRoles in two batches: the aggregated ones first, their parts after.
        kept.update(
            Authorizer::Kind::ClusterRole,
            objects(
                R"([{"metadata":{"name":"view"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"agg":"view"}}]}},
                    {"metadata":{"name":"edit"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"agg":"edit"}}]}},
                    {"metadata":{"name":"view-as-edit","labels":{"agg":"edit"}},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"agg":"view"}}]}}])"));
        kept.update(
            Authorizer::Kind::ClusterRole,
            objects(
                R"([{"metadata":{"name":"view-part","labels":{"agg":"view"}},"rules":[{"apiGroups":[""],"resources":["pods","pods/log"],"verbs":["get","list"]}]},
                    {"metadata":{"name":"public"},"rules":[{"nonResourceURLs":["/version","/healthz/*"],"verbs":["get"]}]},
                    {"metadata":{"name":"csr"},"rules":[{"apiGroups":["certificates.k8s.io"],"resources":["*/nodeclient"],"verbs":["create"]}]}])"));
        kept.update(
            Authorizer::Kind::ClusterRoleBinding,
            objects(
                R"([{"metadata":{"name":"everyone"},"roleRef":{"kind":"ClusterRole","name":"public"},
                     "subjects":[{"kind":"Group","name":"system:unauthenticated"},{"kind":"Group","name":"system:authenticated"}]},
                    {"metadata":{"name":"bootstrap"},"roleRef":{"kind":"ClusterRole","name":"csr"},
                     "subjects":[{"kind":"Group","name":"system:bootstrappers"}]}])"));
        QCOMPARE(all(kept), all(whole));
        QCOMPARE(all(kept), (QStringList{QStringLiteral("b2:devs"), QStringLiteral("b1:alice"),
                                         QStringLiteral("b1:robot"),
                                         QStringLiteral("bootstrap:system:bootstrappers")}));

        // The part loses its label: edit (through view-as-edit) no longer reads pod logs.
        kept.update(
            Authorizer::Kind::ClusterRole,
            objects(
                R"([{"metadata":{"name":"view-part"},"rules":[{"apiGroups":[""],"resources":["pods","pods/log"],"verbs":["get","list"]}]}])"));
        QVERIFY(!all(kept).contains(QStringLiteral("b2:devs")));
        // Deleted by their store keys ("namespace/name", "/name" for cluster scope).
        kept.update(Authorizer::Kind::RoleBinding, {}, {QStringLiteral("team/b1")});
        kept.update(Authorizer::Kind::ClusterRoleBinding, {}, {QStringLiteral("/bootstrap")});
        QVERIFY(all(kept).isEmpty());
        const UserInfo alice{QStringLiteral("alice"), {QStringLiteral("system:authenticated")}};
        QVERIFY(kept.rulesFor(alice, QStringLiteral("team")).size() == 1); // /version, /healthz
        kept.update(Authorizer::Kind::ClusterRole, {}, {QStringLiteral("/public")});
        QVERIFY(kept.rulesFor(alice, QStringLiteral("team")).empty());
    }

    void rulesForListsWhatApplies()
    {
        const Authorizer rbac = cluster();
        const UserInfo dev{QStringLiteral("bob"),
                           {QStringLiteral("devs"), QStringLiteral("system:authenticated")}};
        const auto rules = rbac.rulesFor(dev, QStringLiteral("team"));
        QCOMPARE(rules.size(), size_t(2)); // /version from "everyone", pods from edit's aggregation
        QVERIFY(rbac.rulesFor(dev, QStringLiteral("elsewhere")).size() == 1);
    }
};

QTEST_GUILESS_MAIN(TestRbac)
#include "test_rbac.moc"
