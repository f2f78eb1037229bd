#include "api_client.h"
#include "cli_runner.h"
#include "cluster_client.h"
#include "kubectl.h"
#include "test_cluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::TestCluster;

namespace {

const QString kRbac = QStringLiteral("/apis/rbac.authorization.k8s.io/v1/");

QJsonObject parse(const QString &json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object();
}

QJsonObject subject(const QString &kind, const QString &name, const QString &ns = {})
{
    QJsonObject s{{QStringLiteral("kind"), kind}, {QStringLiteral("name"), name}};
    if (kind != QLatin1String("ServiceAccount"))
        s.insert(QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io"));
    if (!ns.isEmpty())
        s.insert(QStringLiteral("namespace"), ns);
    return s;
}

// Who asks: --as and the --as-group values.
struct Asker {
    QString user;
    QStringList groups;
};

// What is asked: kubectl auth can-i's arguments after the verb and target (-n, -A,
// --subresource).
struct Question {
    QString verb;
    QString target;
    QStringList flags;
};

} // namespace

// kubectl auth can-i --as … and kubestrap-cli rbac can-i … side by side, over a generated RBAC
// corpus: wildcards, resourceNames, subresources, an aggregated ClusterRole, service accounts
// (with and without groups given), groups the API server adds, a dangling roleRef,
// system:masters, anonymous, and non-resource URLs. Every answer must agree. On the sandbox this
// checks the sandbox's authorizer; with KUBESTRAP_TEST_KUBECONFIG, Kubestrap's evaluator against
// kube-apiserver's.
class TestRbacCorpus : public QObject {
    Q_OBJECT

    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<ApiClient> admin;
    QString kubectl;
    QTemporaryDir home;
    const QString id = TestCluster::uniqueName(QStringLiteral("corpus"));
    QString nsA, nsB;

    bool create(const QString &collection, QJsonObject object, const QString &ns = {})
    {
        QString path = collection;
        if (!ns.isEmpty()) {
            path = kRbac + QStringLiteral("namespaces/%1/").arg(ns) + collection.mid(kRbac.size());
            QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
            meta.insert(QStringLiteral("namespace"), ns);
            object.insert(QStringLiteral("metadata"), meta);
        }
        const auto made =
            waitFor([&](ApiClient::Callback done) { admin->create(path, object, done); });
        if (!made) {
            qWarning() << "cannot create" << path << made.error().message;
            return false;
        }
        if (ns.isEmpty())
            cluster->deleteAtEnd(path + QLatin1Char('/')
                                 + object.value(QStringLiteral("metadata"))
                                       .toObject()
                                       .value(QStringLiteral("name"))
                                       .toString());
        return true;
    }

    bool clusterRole(const QString &name, const QString &rules, const QJsonObject &extra = {})
    {
        QJsonObject role{
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), id + QLatin1Char('-') + name}}},
            {QStringLiteral("rules"), QJsonDocument::fromJson(rules.toUtf8()).array()}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            role.insert(it.key(), it.value());
        return create(kRbac + QStringLiteral("clusterroles"), role);
    }

    // A binding named `name` of the role (`roleKind` "ClusterRole" or "Role"; ClusterRoles are
    // this run's unless `builtIn`) to `subjects`, in `ns` or cluster-wide.
    bool bind(const QString &name, const QString &roleKind, const QString &role,
              const QJsonArray &subjects, const QString &ns = {}, bool builtIn = false)
    {
        const QString roleName =
            builtIn || roleKind == QLatin1String("Role") ? role : id + QLatin1Char('-') + role;
        const QJsonObject binding{
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), id + QLatin1Char('-') + name}}},
            {QStringLiteral("roleRef"),
             QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                         {QStringLiteral("kind"), roleKind},
                         {QStringLiteral("name"), roleName}}},
            {QStringLiteral("subjects"), subjects}};
        return create(kRbac
                          + (ns.isEmpty() ? QStringLiteral("clusterrolebindings")
                                          : QStringLiteral("rolebindings")),
                      binding, ns);
    }

    QString user(const QString &name) const { return id + QLatin1Char('-') + name; }

    // kubectl's answer: yes (exit 0), no (exit 1), or what went wrong.
    QString kubectlAnswer(const Asker &asker, const Question &question)
    {
        QStringList args{QStringLiteral("auth"), QStringLiteral("can-i"), question.verb,
                         question.target};
        args << question.flags << QStringLiteral("--as") << asker.user;
        for (const QString &group : asker.groups)
            args << QStringLiteral("--as-group") << group;
        const auto result =
            test::runProcess(kubectl, args, home.path(),
                             test::kubeconfigEnvironment(home.path(), cluster->adminKubeconfig()));
        return answerOf(result.exitCode, QString::fromUtf8(result.out),
                        QString::fromUtf8(result.err));
    }

    QString kubestrapAnswer(const Asker &asker, const Question &question)
    {
        QStringList args{QStringLiteral("--kubeconfig"),
                         cluster->adminKubeconfig(),
                         QStringLiteral("rbac"),
                         QStringLiteral("can-i"),
                         question.verb,
                         question.target};
        args << question.flags << QStringLiteral("--as") << asker.user;
        for (const QString &group : asker.groups)
            args << QStringLiteral("--as-group") << group;
        const auto result = test::runCli(args);
        return answerOf(result.code, result.out, result.err);
    }

    static QString answerOf(int code, const QString &out, const QString &err)
    {
        const QString first = out.section(QLatin1Char('\n'), 0, 0).section(QLatin1Char(' '), 0, 0);
        if ((code == 0 && first == QLatin1String("yes"))
            || (code == 1 && first == QLatin1String("no")))
            return first;
        return QStringLiteral("exit %1: %2 %3").arg(code).arg(out.trimmed(), err.trimmed());
    }

    // Whether the cluster has caught up with the corpus: the aggregated role filled in by the
    // aggregation controller (the evaluator aggregates by itself) and the bindings in the
    // authorizer's cache.
    bool corpusInForce()
    {
        const auto aggregated = waitFor([&](ApiClient::Callback done) {
            admin->get(kRbac + QStringLiteral("clusterroles/") + id + QStringLiteral("-agg"), done);
        });
        if (!aggregated || aggregated->value(QStringLiteral("rules")).toArray().size() < 2)
            return false;
        return kubectlAnswer(
                   {QStringLiteral("system:serviceaccount:%1:robot").arg(nsA), {}},
                   {QStringLiteral("list"), QStringLiteral("pods"), {QStringLiteral("-n"), nsA}})
                   == QLatin1String("yes")
               && kubectlAnswer({user(QStringLiteral("agg")), {user(QStringLiteral("g-agg"))}},
                                {QStringLiteral("get"), QStringLiteral("/corpus-agg"), {}})
                      == QLatin1String("yes");
    }

private Q_SLOTS:
    void initTestCase()
    {
        kubectl = test::findKubectl();
        if (kubectl.isEmpty())
            QSKIP("kubectl is not installed: its answers are the ones compared against");
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        admin = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(admin, qPrintable(error));
        nsA = cluster->createNamespace(QStringLiteral("corpus-a"));
        nsB = cluster->createNamespace(QStringLiteral("corpus-b"));
        QVERIFY(!nsA.isEmpty() && !nsB.isEmpty());

        QVERIFY(clusterRole(
            QStringLiteral("wild"),
            QStringLiteral(R"([{"apiGroups":["*"],"resources":["*"],"verbs":["get"]}])")));
        QVERIFY(clusterRole(
            QStringLiteral("names"),
            QStringLiteral(
                R"([{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["cm-1"],"verbs":["get","update"]}])")));
        QVERIFY(clusterRole(
            QStringLiteral("sub"),
            QStringLiteral(R"([{"apiGroups":[""],"resources":["pods/log"],"verbs":["get"]},
                               {"apiGroups":["apps"],"resources":["*/scale"],"verbs":["update","patch"]}])")));
        const QString aggregateLabel = QStringLiteral("corpus.kubestrap.io/aggregate-to");
        QVERIFY(clusterRole(
            QStringLiteral("agg"), QStringLiteral("[]"),
            {{QStringLiteral("aggregationRule"),
              QJsonObject{{QStringLiteral("clusterRoleSelectors"),
                           QJsonArray{QJsonObject{{QStringLiteral("matchLabels"),
                                                   QJsonObject{{aggregateLabel, id}}}}}}}}}));
        const QJsonObject labelled{{QStringLiteral("labels"), QJsonObject{{aggregateLabel, id}}}};
        for (const auto &[part, rules] :
             {std::pair{QStringLiteral("agg-secrets"),
                        QStringLiteral(
                            R"([{"apiGroups":[""],"resources":["secrets"],"verbs":["list"]}])")},
              std::pair{
                  QStringLiteral("agg-url"),
                  QStringLiteral(R"([{"nonResourceURLs":["/corpus-agg"],"verbs":["get"]}])")}}) {
            QJsonObject meta = labelled;
            meta.insert(QStringLiteral("name"), id + QLatin1Char('-') + part);
            QVERIFY(create(
                kRbac + QStringLiteral("clusterroles"),
                {{QStringLiteral("metadata"), meta},
                 {QStringLiteral("rules"), QJsonDocument::fromJson(rules.toUtf8()).array()}}));
        }
        QVERIFY(
            clusterRole(QStringLiteral("urls"),
                        // Not a raw string: moc would read the URL's slash and star as a comment.
                        QStringLiteral("[{\"nonResourceURLs\":[\"/corpus/*\",\"/exact\"],"
                                       "\"verbs\":[\"get\",\"post\"]}]")));
        QVERIFY(clusterRole(
            QStringLiteral("authn"),
            QStringLiteral(
                R"([{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["authn"],"verbs":["get"]}])")));
        QVERIFY(clusterRole(
            QStringLiteral("jobs"),
            QStringLiteral(R"([{"apiGroups":["batch"],"resources":["jobs"],"verbs":["*"]}])")));
        QVERIFY(create(
            kRbac + QStringLiteral("roles"),
            parse(QStringLiteral(
                R"({"metadata":{"name":"pods"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list","watch"]}]})")),
            nsA));

        QVERIFY(bind(QStringLiteral("wild"), QStringLiteral("ClusterRole"), QStringLiteral("wild"),
                     {subject(QStringLiteral("User"), user(QStringLiteral("wild")))}));
        QVERIFY(bind(QStringLiteral("sub"), QStringLiteral("ClusterRole"), QStringLiteral("sub"),
                     {subject(QStringLiteral("ServiceAccount"), QStringLiteral("builder"), nsB)}));
        QVERIFY(bind(QStringLiteral("agg"), QStringLiteral("ClusterRole"), QStringLiteral("agg"),
                     {subject(QStringLiteral("Group"), user(QStringLiteral("g-agg")))}));
        QVERIFY(bind(QStringLiteral("urls"), QStringLiteral("ClusterRole"), QStringLiteral("urls"),
                     {subject(QStringLiteral("User"), user(QStringLiteral("url")))}));
        QVERIFY(bind(QStringLiteral("authn"), QStringLiteral("ClusterRole"),
                     QStringLiteral("authn"),
                     {subject(QStringLiteral("Group"), QStringLiteral("system:authenticated"))}));
        QVERIFY(bind(QStringLiteral("names"), QStringLiteral("ClusterRole"),
                     QStringLiteral("names"),
                     {subject(QStringLiteral("Group"), user(QStringLiteral("g-team")))}, nsA));
        QVERIFY(bind(QStringLiteral("pods"), QStringLiteral("Role"), QStringLiteral("pods"),
                     {subject(QStringLiteral("ServiceAccount"), QStringLiteral("robot"), nsA),
                      subject(QStringLiteral("ServiceAccount"), QStringLiteral("nons")),
                      subject(QStringLiteral("User"), user(QStringLiteral("lead")))},
                     nsA));
        QVERIFY(bind(
            QStringLiteral("jobs"), QStringLiteral("ClusterRole"), QStringLiteral("jobs"),
            {subject(QStringLiteral("Group"), QStringLiteral("system:serviceaccounts:") + nsA)},
            nsB));
        QVERIFY(bind(QStringLiteral("admin"), QStringLiteral("ClusterRole"),
                     QStringLiteral("admin"),
                     {subject(QStringLiteral("User"), user(QStringLiteral("admin")))}, nsB, true));
        QVERIFY(bind(QStringLiteral("dangling"), QStringLiteral("Role"),
                     QStringLiteral("no-such-role"),
                     {subject(QStringLiteral("User"), user(QStringLiteral("wild")))}, nsB));
        // kubectl asks through a SelfSubjectAccessReview, which kube-apiserver lets no
        // unauthenticated user create: the two askers who are unauthenticated may, for this run.
        QVERIFY(clusterRole(
            QStringLiteral("ask"),
            QStringLiteral(
                R"([{"apiGroups":["authorization.k8s.io"],"resources":["selfsubjectaccessreviews"],"verbs":["create"]}])")));
        QVERIFY(bind(QStringLiteral("ask"), QStringLiteral("ClusterRole"), QStringLiteral("ask"),
                     {subject(QStringLiteral("User"), QStringLiteral("system:anonymous")),
                      subject(QStringLiteral("User"), user(QStringLiteral("unauth")))}));
        QTRY_VERIFY_WITH_TIMEOUT(corpusInForce(), 60000);
    }

    void everyAnswerAgreesWithKubectl()
    {
        const QString sa = QStringLiteral("system:serviceaccount:");
        const std::vector<Asker> askers{
            {user(QStringLiteral("wild")), {}},
            {user(QStringLiteral("lead")), {}},
            {user(QStringLiteral("member")), {user(QStringLiteral("g-team"))}},
            {sa + nsA + QStringLiteral(":robot"), {}},
            {sa + nsA + QStringLiteral(":nons"), {}},
            {sa + nsB + QStringLiteral(":builder"), {}},
            {sa + nsA + QStringLiteral(":robot"), {user(QStringLiteral("g-agg"))}},
            {user(QStringLiteral("agg")), {user(QStringLiteral("g-agg"))}},
            {user(QStringLiteral("url")), {}},
            {user(QStringLiteral("nobody")), {}},
            {user(QStringLiteral("admin")), {}},
            {user(QStringLiteral("root")), {QStringLiteral("system:masters")}},
            {QStringLiteral("system:anonymous"), {}},
            {user(QStringLiteral("unauth")), {QStringLiteral("system:unauthenticated")}},
        };
        const QString n = QStringLiteral("-n");
        const QString sub = QStringLiteral("--subresource");
        const QString all = QStringLiteral("-A");
        const std::vector<Question> questions{
            {QStringLiteral("get"), QStringLiteral("pods"), {n, nsA}},
            {QStringLiteral("list"), QStringLiteral("pods"), {n, nsA}},
            {QStringLiteral("delete"), QStringLiteral("pods"), {n, nsA}},
            {QStringLiteral("get"), QStringLiteral("pods"), {n, nsB}},
            {QStringLiteral("watch"), QStringLiteral("pods"), {all}},
            {QStringLiteral("get"), QStringLiteral("pods"), {n, nsA, sub, QStringLiteral("log")}},
            {QStringLiteral("get"),
             QStringLiteral("pods/p-1"),
             {n, nsB, sub, QStringLiteral("log")}},
            {QStringLiteral("get"), QStringLiteral("pods"), {n, nsA, sub, QStringLiteral("exec")}},
            {QStringLiteral("get"), QStringLiteral("configmaps/cm-1"), {n, nsA}},
            {QStringLiteral("update"), QStringLiteral("configmaps/cm-1"), {n, nsA}},
            {QStringLiteral("get"), QStringLiteral("configmaps/cm-2"), {n, nsA}},
            {QStringLiteral("get"), QStringLiteral("configmaps"), {n, nsA}},
            {QStringLiteral("get"), QStringLiteral("configmaps/cm-1"), {n, nsB}},
            {QStringLiteral("get"), QStringLiteral("cm/authn"), {n, nsB}},
            {QStringLiteral("update"),
             QStringLiteral("deployments.apps"),
             {n, nsA, sub, QStringLiteral("scale")}},
            {QStringLiteral("update"), QStringLiteral("deployments"), {n, nsA}},
            {QStringLiteral("patch"),
             QStringLiteral("replicasets.apps"),
             {n, nsB, sub, QStringLiteral("scale")}},
            {QStringLiteral("update"),
             QStringLiteral("deployments.apps"),
             {n, nsA, sub, QStringLiteral("status")}},
            {QStringLiteral("list"), QStringLiteral("secrets"), {n, nsA}},
            {QStringLiteral("list"), QStringLiteral("secrets"), {all}},
            {QStringLiteral("get"), QStringLiteral("secrets"), {n, nsB}},
            {QStringLiteral("create"), QStringLiteral("jobs.batch"), {n, nsB}},
            {QStringLiteral("deletecollection"), QStringLiteral("jobs"), {n, nsB}},
            {QStringLiteral("create"), QStringLiteral("jobs.batch"), {n, nsA}},
            {QStringLiteral("get"), QStringLiteral("nodes"), {}},
            {QStringLiteral("list"), QStringLiteral("namespaces"), {all}},
            {QStringLiteral("get"), QStringLiteral("*"), {n, nsA}},
            {QStringLiteral("create"),
             QStringLiteral("rolebindings.rbac.authorization.k8s.io"),
             {n, nsB}},
            {QStringLiteral("impersonate"), QStringLiteral("users"), {all}},
            {QStringLiteral("get"), QStringLiteral("/corpus/x"), {}},
            {QStringLiteral("post"), QStringLiteral("/corpus/a/b"), {}},
            {QStringLiteral("get"), QStringLiteral("/corpus"), {}},
            {QStringLiteral("get"), QStringLiteral("/exact"), {}},
            {QStringLiteral("get"), QStringLiteral("/exact/more"), {}},
            {QStringLiteral("delete"), QStringLiteral("/exact"), {}},
            {QStringLiteral("get"), QStringLiteral("/corpus-agg"), {}},
            {QStringLiteral("get"), QStringLiteral("/healthz"), {}},
        };
        int agreed = 0;
        int yes = 0;
        QStringList disagreements;
        for (const Asker &asker : askers) {
            for (const Question &question : questions) {
                const QString theirs = kubectlAnswer(asker, question);
                const QString ours = kubestrapAnswer(asker, question);
                if (theirs == ours
                    && (ours == QLatin1String("yes") || ours == QLatin1String("no"))) {
                    ++agreed;
                    yes += ours == QLatin1String("yes");
                } else {
                    disagreements << QStringLiteral(
                                         "--as %1 %2 | %3 %4 %5: kubectl %6, kubestrap %7")
                                         .arg(asker.user, asker.groups.join(QLatin1Char(',')),
                                              question.verb, question.target,
                                              question.flags.join(QLatin1Char(' ')), theirs, ours);
                }
            }
        }
        qInfo("%d of %zu answers agree (%d yes)", agreed, askers.size() * questions.size(), yes);
        QVERIFY2(disagreements.isEmpty(), qPrintable(disagreements.join(QLatin1Char('\n'))));
        // A corpus that answers everything the same way proves nothing.
        QVERIFY(yes > 40);
        QVERIFY(agreed - yes > 40);
    }
};

QTEST_GUILESS_MAIN(TestRbacCorpus)
#include "test_rbac_corpus.moc"
