#include "rbac.h"

#include <QJsonArray>
#include <QTest>

using namespace kubestrap::rbac;

// The RBAC authorizer's and subject locator's own tables (plugin/pkg/auth/authorizer/rbac:
// rbac_test.go TestAuthorizer and TestRuleMatches, subject_locator_test.go TestSubjectLocator),
// built with the same helpers they use, asked of Kubestrap's evaluator.

namespace {

QJsonArray split(const char *list)
{
    return QJsonArray::fromStringList(QString::fromLatin1(list).split(QLatin1Char(',')));
}

// newRule(verbs, apiGroups, resources, nonResourceURLs), each comma-separated; as in Go, an empty
// string is a list of one empty string.
QJsonObject newRule(const char *verbs, const char *groups, const char *resources, const char *urls)
{
    return {{QStringLiteral("verbs"), split(verbs)},
            {QStringLiteral("apiGroups"), split(groups)},
            {QStringLiteral("resources"), split(resources)},
            {QStringLiteral("nonResourceURLs"), split(urls)}};
}

QJsonObject meta(const char *name, const char *ns = "")
{
    QJsonObject object{{QStringLiteral("name"), QLatin1String(name)}};
    if (*ns)
        object.insert(QStringLiteral("namespace"), QLatin1String(ns));
    return object;
}

QJsonObject newRole(const char *name, const char *ns, const QJsonObject &rule)
{
    return {{QStringLiteral("metadata"), meta(name, ns)},
            {QStringLiteral("rules"), QJsonArray{rule}}};
}

QJsonObject newClusterRole(const char *name, const QJsonArray &rules)
{
    return {{QStringLiteral("metadata"), meta(name)}, {QStringLiteral("rules"), rules}};
}

// "User:admin", "Group:admins", "ServiceAccount:…", as the upstream helpers take them.
QJsonArray subjects(const QStringList &given)
{
    QJsonArray list;
    for (const QString &subject : given) {
        const QString kind = subject.section(QLatin1Char(':'), 0, 0);
        QJsonObject object{{QStringLiteral("kind"), kind},
                           {QStringLiteral("name"), subject.section(QLatin1Char(':'), 1)}};
        if (kind != QLatin1String("ServiceAccount"))
            object.insert(QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io"));
        list.append(object);
    }
    return list;
}

QJsonObject roleRef(const char *kind, const char *name)
{
    return {{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
            {QStringLiteral("kind"), QLatin1String(kind)},
            {QStringLiteral("name"), QLatin1String(name)}};
}

QJsonObject newClusterRoleBinding(const char *role, const QStringList &who)
{
    static int made = 0; // upstream leaves them nameless; names keep explanations apart
    return {{QStringLiteral("metadata"), meta(qPrintable(QStringLiteral("crb%1").arg(++made)))},
            {QStringLiteral("roleRef"), roleRef("ClusterRole", role)},
            {QStringLiteral("subjects"), subjects(who)}};
}

QJsonObject newRoleBinding(const char *ns, const char *role, const char *kind,
                           const QStringList &who)
{
    static int made = 0;
    return {{QStringLiteral("metadata"), meta(qPrintable(QStringLiteral("rb%1").arg(++made)), ns)},
            {QStringLiteral("roleRef"), roleRef(kind, role)},
            {QStringLiteral("subjects"), subjects(who)}};
}

// defaultAttributes{user, groups, verb, resource, subresource, namespace, apiGroup}.
struct Attributes {
    const char *user;
    const char *groups;
    const char *verb;
    const char *resource;
    const char *subresource;
    const char *ns;
    const char *apiGroup;
};

UserInfo userOf(const Attributes &a)
{
    return {QLatin1String(a.user), QString::fromLatin1(a.groups).split(QLatin1Char(','))};
}

Request requestOf(const Attributes &a)
{
    return {QLatin1String(a.verb),
            QLatin1String(a.apiGroup),
            QLatin1String(a.resource),
            QLatin1String(a.subresource),
            QLatin1String(a.ns),
            {},
            {}};
}

// authorizer.AttributesRecord{User, Verb, Path} for a non-resource request.
struct PathAttributes {
    const char *user;
    const char *group;
    const char *verb;
    const char *path;
};

Request pathRequest(const char *verb, const char *path)
{
    return {QLatin1String(verb), {}, {}, {}, {}, {}, QLatin1String(path)};
}

UserInfo userOf(const PathAttributes &a)
{
    UserInfo user{QLatin1String(a.user), {}};
    if (*a.group)
        user.groups << QLatin1String(a.group);
    return user;
}

QString describe(const UserInfo &user, const Request &request)
{
    return QStringLiteral("user=%1 groups=%2 verb=%3 resource=%4/%5 ns=%6 group=%7 path=%8")
        .arg(user.name, user.groups.join(QLatin1Char(',')), request.verb, request.resource,
             request.subresource, request.namespaceName, request.apiGroup, request.path);
}

} // namespace

class TestRbacUpstream : public QObject {
    Q_OBJECT

    static void expect(const Authorizer &authorizer, const UserInfo &user, const Request &request,
                       bool allowed)
    {
        QVERIFY2(authorizer.authorize(user, request).allowed == allowed,
                 qPrintable((allowed ? QStringLiteral("incorrectly restricted ")
                                     : QStringLiteral("incorrectly passed "))
                            + describe(user, request)));
    }

private Q_SLOTS:
    void authorizerCase0AClusterRoleBoundInOneNamespace()
    {
        const Authorizer authorizer(
            {}, {newClusterRole("admin", {newRule("*", "*", "*", "*")})},
            {newRoleBinding("ns1", "admin", "ClusterRole",
                            {QStringLiteral("User:admin"), QStringLiteral("Group:admins")})},
            {});
        for (const Attributes &pass :
             {Attributes{"admin", "", "get", "Pods", "", "ns1", ""},
              Attributes{"admin", "", "watch", "Pods", "", "ns1", ""},
              Attributes{"admin", "group1", "watch", "Foobar", "", "ns1", ""},
              Attributes{"joe", "admins", "watch", "Foobar", "", "ns1", ""},
              Attributes{"joe", "group1,admins", "watch", "Foobar", "", "ns1", ""}})
            expect(authorizer, userOf(pass), requestOf(pass), true);
        for (const Attributes &fail : {Attributes{"admin", "", "GET", "Pods", "", "ns2", ""},
                                       Attributes{"admin", "", "GET", "Nodes", "", "", ""},
                                       Attributes{"admin", "admins", "GET", "Pods", "", "ns2", ""},
                                       Attributes{"admin", "admins", "GET", "Nodes", "", "", ""}})
            expect(authorizer, userOf(fail), requestOf(fail), false);
    }

    void authorizerCase1NonResourceUrls()
    {
        const Authorizer authorizer(
            {},
            {newClusterRole("non-resource-url-getter", {newRule("get", "", "", "/apis")}),
             newClusterRole("non-resource-url", {newRule("*", "", "", "/apis")}),
             newClusterRole("non-resource-url-prefix", {newRule("get", "", "", "/apis/*")})},
            {},
            {newClusterRoleBinding("non-resource-url-getter",
                                   {QStringLiteral("User:foo"), QStringLiteral("Group:bar")}),
             newClusterRoleBinding("non-resource-url",
                                   {QStringLiteral("User:admin"), QStringLiteral("Group:admin")}),
             newClusterRoleBinding("non-resource-url-prefix", {QStringLiteral("User:prefixed"),
                                                               QStringLiteral("Group:prefixed")})});
        for (const PathAttributes &pass :
             {PathAttributes{"foo", "", "get", "/apis"}, PathAttributes{"", "bar", "get", "/apis"},
              PathAttributes{"admin", "", "get", "/apis"},
              PathAttributes{"", "admin", "get", "/apis"},
              PathAttributes{"admin", "", "watch", "/apis"},
              PathAttributes{"", "admin", "watch", "/apis"},
              PathAttributes{"prefixed", "", "get", "/apis/v1"},
              PathAttributes{"", "prefixed", "get", "/apis/v1"},
              PathAttributes{"prefixed", "", "get", "/apis/v1/foobar"},
              PathAttributes{"", "prefixed", "get", "/apis/v1/foorbar"}})
            expect(authorizer, userOf(pass), pathRequest(pass.verb, pass.path), true);
        for (const PathAttributes &fail : {// wrong verb
                                           PathAttributes{"foo", "", "watch", "/apis"},
                                           PathAttributes{"", "bar", "watch", "/apis"},
                                           // wrong path
                                           PathAttributes{"foo", "", "get", "/api/v1"},
                                           PathAttributes{"", "bar", "get", "/api/v1"},
                                           PathAttributes{"admin", "", "get", "/api/v1"},
                                           PathAttributes{"", "admin", "get", "/api/v1"},
                                           // not covered by prefix
                                           PathAttributes{"prefixed", "", "get", "/api/v1"},
                                           PathAttributes{"", "prefixed", "get", "/api/v1"}})
            expect(authorizer, userOf(fail), pathRequest(fail.verb, fail.path), false);
    }

    void authorizerCase2And3Subresources()
    {
        const QStringList admins{QStringLiteral("User:admin"), QStringLiteral("Group:admins")};
        const Authorizer podsOnly({}, {newClusterRole("admin", {newRule("*", "*", "pods", "*")})},
                                  {newRoleBinding("ns1", "admin", "ClusterRole", admins)}, {});
        const Attributes pods{"admin", "", "get", "pods", "", "ns1", ""};
        const Attributes podStatus{"admin", "", "get", "pods", "status", "ns1", ""};
        expect(podsOnly, userOf(pods), requestOf(pods), true);
        expect(podsOnly, userOf(podStatus), requestOf(podStatus), false);

        const Authorizer subresources(
            {},
            {newClusterRole("admin", {newRule("*", "*", "pods/status", "*"),
                                      newRule("*", "*", "*/scale", "*")})},
            {newRoleBinding("ns1", "admin", "ClusterRole", admins)}, {});
        for (const Attributes &pass :
             {podStatus, Attributes{"admin", "", "get", "pods", "scale", "ns1", ""},
              Attributes{"admin", "", "get", "deployments", "scale", "ns1", ""},
              Attributes{"admin", "", "get", "anything", "scale", "ns1", ""}})
            expect(subresources, userOf(pass), requestOf(pass), true);
        expect(subresources, userOf(pods), requestOf(pods), false);
    }

    // TestRuleMatches: each rule against the eight verb × group × resource requests.
    void ruleMatches_data()
    {
        QTest::addColumn<QJsonObject>("rule");
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("subresource");
        QTest::addColumn<bool>("expected");
        const auto rule = [](const QStringList &verbs, const QStringList &groups,
                             const QStringList &resources) {
            return QJsonObject{
                {QStringLiteral("verbs"), QJsonArray::fromStringList(verbs)},
                {QStringLiteral("apiGroups"), QJsonArray::fromStringList(groups)},
                {QStringLiteral("resources"), QJsonArray::fromStringList(resources)}};
        };
        struct Case {
            const char *name;
            QJsonObject rule;
            bool expected[8]; // verb1/verb2 × (g1 r1, g2 r1, g1 r2, g2 r2)
        };
        const QString v1 = QStringLiteral("verb1"), v2 = QStringLiteral("verb2"),
                      g1 = QStringLiteral("group1"), g2 = QStringLiteral("group2"),
                      r1 = QStringLiteral("resource1"), r2 = QStringLiteral("resource2");
        const Case cases[] = {
            {"star verb, exact match other",
             rule({QStringLiteral("*")}, {g1}, {r1}),
             {true, false, false, false, true, false, false, false}},
            {"star group, exact match other",
             rule({v1}, {QStringLiteral("*")}, {r1}),
             {true, true, false, false, false, false, false, false}},
            {"star resource, exact match other",
             rule({v1}, {g1}, {QStringLiteral("*")}),
             {true, false, true, false, false, false, false, false}},
            {"tuple expansion",
             rule({v1, v2}, {g1, g2}, {r1, r2}),
             {true, true, true, true, true, true, true, true}},
        };
        for (const Case &c : cases) {
            int i = 0;
            for (const QString &verb : {v1, v2}) {
                for (const auto &[group, resource] :
                     {std::pair{g1, r1}, std::pair{g2, r1}, std::pair{g1, r2}, std::pair{g2, r2}}) {
                    QTest::addRow("%s: %s %s %s", c.name, qPrintable(verb), qPrintable(group),
                                  qPrintable(resource))
                        << c.rule << verb << group << resource << QString() << c.expected[i++];
                }
            }
        }
        // subresource expansion: resource1/subresource1 only.
        const QJsonObject sub = rule({QStringLiteral("*")}, {QStringLiteral("*")},
                                     {QStringLiteral("resource1/subresource1")});
        const QString s1 = QStringLiteral("subresource1"), s2 = QStringLiteral("subresource2");
        for (const QString &verb : {v1, v2}) {
            QTest::addRow("subresource expansion: %s r1/s1", qPrintable(verb))
                << sub << verb << g1 << r1 << s1 << true;
            QTest::addRow("subresource expansion: %s r1/s2", qPrintable(verb))
                << sub << verb << g2 << r1 << s2 << false;
            QTest::addRow("subresource expansion: %s g1 r2/s1", qPrintable(verb))
                << sub << verb << g1 << r2 << s1 << false;
            QTest::addRow("subresource expansion: %s g2 r2/s1", qPrintable(verb))
                << sub << verb << g2 << r2 << s1 << false;
        }
    }
    void ruleMatches()
    {
        QFETCH(QJsonObject, rule);
        QFETCH(QString, verb);
        QFETCH(QString, group);
        QFETCH(QString, resource);
        QFETCH(QString, subresource);
        QFETCH(bool, expected);
        QCOMPARE(ruleAllows(rule, {verb, group, resource, subresource, {}, {}, {}}), expected);
    }

    void nonResourceRuleMatches_data()
    {
        QTest::addColumn<QJsonObject>("rule");
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("expected");
        const auto rule = [](const char *verb, const QStringList &urls) {
            return QJsonObject{
                {QStringLiteral("verbs"), QJsonArray{QLatin1String(verb)}},
                {QStringLiteral("nonResourceURLs"), QJsonArray::fromStringList(urls)}};
        };
        const QStringList urls{QStringLiteral("/foo"), QStringLiteral("/foo/bar"),
                               QStringLiteral("/foo/baz"), QStringLiteral("/foo/bar/one"),
                               QStringLiteral("/foo/baz/one")};
        const QJsonObject anyUrl = rule("verb1", {QStringLiteral("*")});
        for (const QString &url : urls) {
            QTest::addRow("star nonresource: verb1 %s", qPrintable(url))
                << anyUrl << QStringLiteral("verb1") << url << true;
            QTest::addRow("star nonresource: verb2 %s", qPrintable(url))
                << anyUrl << QStringLiteral("verb2") << url << false;
        }
        const QJsonObject subpath = rule("verb1", {QStringLiteral("/foo/*")});
        QTest::addRow("star nonresource subpath: /foo")
            << subpath << QStringLiteral("verb1") << QStringLiteral("/foo") << false;
        for (const QString &url : urls.mid(1)) {
            QTest::addRow("star nonresource subpath: %s", qPrintable(url))
                << subpath << QStringLiteral("verb1") << url << true;
            const QString not_ = QStringLiteral("/not") + url.mid(1);
            QTest::addRow("star nonresource subpath: %s", qPrintable(not_))
                << subpath << QStringLiteral("verb1") << not_ << false;
        }
        QTest::addRow("star nonresource subpath: /notfoo")
            << subpath << QStringLiteral("verb1") << QStringLiteral("/notfoo") << false;
        const QJsonObject exact =
            rule("*", {QStringLiteral("/foo"), QStringLiteral("/foo/bar/one")});
        for (const char *verb : {"verb1", "verb2"}) {
            for (const QString &url : urls)
                QTest::addRow("star verb, exact nonresource: %s %s", verb, qPrintable(url))
                    << exact << QString::fromLatin1(verb) << url
                    << (url == QLatin1String("/foo") || url == QLatin1String("/foo/bar/one"));
        }
    }
    void nonResourceRuleMatches()
    {
        QFETCH(QJsonObject, rule);
        QFETCH(QString, verb);
        QFETCH(QString, url);
        QFETCH(bool, expected);
        QCOMPARE(ruleAllows(rule, pathRequest(qPrintable(verb), qPrintable(url))), expected);
    }

    // TestSubjectLocator, as `rbac who-can` answers: system:masters first (it lists it before
    // any binding), then ClusterRoleBindings' subjects, then the namespace's RoleBindings'.
    // The locator's superUser is left out: kube-apiserver never sets one.
    void subjectLocator_data()
    {
        QTest::addColumn<int>("cluster");
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("ns");
        QTest::addColumn<QStringList>("subjects");
        const QString masters = QStringLiteral("Group:system:masters");
        const QStringList superAdmins{masters, QStringLiteral("User:super-admin"),
                                      QStringLiteral("Group:super-admins")};
        const QStringList withAdmins =
            superAdmins + QStringList{QStringLiteral("User:admin"), QStringLiteral("Group:admins")};
        QTest::newRow("no super user, star matches star: get pods in ns1")
            << 0 << QStringLiteral("get") << QStringLiteral("ns1") << withAdmins;
        QTest::newRow("cluster role matches star in namespace")
            << 0 << QStringLiteral("*") << QStringLiteral("*") << superAdmins;
        QTest::newRow("empty ns") << 0 << QStringLiteral("*") << QString() << superAdmins;
        QTest::newRow("local roles work")
            << 1 << QStringLiteral("get") << QStringLiteral("ns1") << withAdmins;
        QTest::newRow("verb matches correctly")
            << 1 << QStringLiteral("create") << QStringLiteral("ns1") << superAdmins;
        QTest::newRow("binding only works in correct ns")
            << 1 << QStringLiteral("get") << QStringLiteral("ns2") << superAdmins;
    }
    void subjectLocator()
    {
        QFETCH(int, cluster);
        QFETCH(QString, verb);
        QFETCH(QString, ns);
        QFETCH(QStringList, subjects);
        const QStringList admins{QStringLiteral("User:admin"), QStringLiteral("Group:admins")};
        const QJsonObject admin = newClusterRole("admin", {newRule("*", "*", "*", "*")});
        const QJsonObject superBinding = newClusterRoleBinding(
            "admin", {QStringLiteral("User:super-admin"), QStringLiteral("Group:super-admins")});
        const Authorizer authorizer =
            cluster == 0
                ? Authorizer({}, {admin}, {newRoleBinding("ns1", "admin", "ClusterRole", admins)},
                             {superBinding})
                : Authorizer({newRole("admin", "ns1", newRule("get", "*", "Pods", "*"))}, {admin},
                             {newRoleBinding("ns1", "admin", "Role", admins)}, {superBinding});
        QStringList found{QStringLiteral("Group:") + QLatin1String(kPrivilegedGroup)};
        for (const auto &grant :
             authorizer.whoCan({verb, {}, QStringLiteral("Pods"), {}, ns, {}, {}}))
            found << grant.subject.value(QStringLiteral("kind")).toString() + QLatin1Char(':')
                         + grant.subject.value(QStringLiteral("name")).toString();
        QCOMPARE(found, subjects);
    }
};

QTEST_GUILESS_MAIN(TestRbacUpstream)
#include "test_rbac_upstream.moc"
