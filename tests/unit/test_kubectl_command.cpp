#include "kubectl.h"
#include "kubectl_command.h"
#include "object_meta.h"
#include "test_files.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;

namespace {

// A kubeconfig whose server is never there: the commands are checked by kubectl's client-side
// dry run, which builds the object without asking a server.
const char *kOfflineKubeconfig = "apiVersion: v1\nkind: Config\n"
                                 "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\n"
                                 "users: [{name: u, user: {token: x}}]\n"
                                 "contexts: [{name: c, context: {cluster: c, user: u}}]\n"
                                 "current-context: c\n";

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

QStringList sortedSubjects(const QJsonObject &binding)
{
    QStringList subjects;
    for (const QJsonValue &subject : binding.value(QStringLiteral("subjects")).toArray())
        subjects << QString::fromUtf8(QJsonDocument(subject.toObject()).toJson());
    subjects.sort();
    return subjects;
}

} // namespace

// The one writer of kubectl commands: the commands, run by the real kubectl, make the object
// Kubestrap made, and every name reaches kubectl as one word, whatever it holds.
class TestKubectlCommand : public QObject {
    Q_OBJECT

    QTemporaryDir dir;
    QString kubeconfig;

    // What kubectl would create when `command` is pasted into bash.
    QJsonObject createdBy(const QString &command)
    {
        const auto ran = test::runInShell(
            QStringLiteral("kubectl() { command kubectl \"$@\" --dry-run=client -o json; }\n")
                + command,
            kubeconfig);
        if (ran.exitCode == -1 && ran.err == "no kubectl")
            return {};
        if (ran.exitCode != 0)
            qWarning("%s\n%s", qPrintable(command), ran.err.constData());
        return QJsonDocument::fromJson(ran.out).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        kubeconfig = dir.filePath(QStringLiteral("offline"));
        QVERIFY(test::writeFile(kubeconfig, kOfflineKubeconfig));
        if (test::findKubectl().isEmpty())
            QSKIP("kubectl is not installed: the commands cannot be run");
    }

    void shellWordsReachTheProgramWhole_data()
    {
        QTest::addColumn<QString>("word");
        QTest::newRow("plain") << QStringLiteral("system:node:worker-1");
        QTest::newRow("space") << QStringLiteral("rack 4");
        QTest::newRow("quote") << QStringLiteral("it's");
        QTest::newRow("expansions") << QStringLiteral("$(rm -rf ~) `id` $HOME *");
        QTest::newRow("newline") << QStringLiteral("a\nb");
        QTest::newRow("empty") << QString();
    }

    void shellWordsReachTheProgramWhole()
    {
        QFETCH(QString, word);
        const auto ran =
            test::runInShell(QStringLiteral("printf '%s|' ") + kubectl::shellWord(word), {});
        QCOMPARE(ran.exitCode, 0);
        QCOMPARE(QString::fromUtf8(ran.out), word + QLatin1Char('|'));
    }

    void plainWordsStayUnquoted()
    {
        QCOMPARE(kubectl::shellWord(QStringLiteral("kubeadm:get-nodes")),
                 QStringLiteral("kubeadm:get-nodes"));
        QCOMPARE(kubectl::reference(QStringLiteral("ServiceAccount"), QStringLiteral("ci"),
                                    QStringLiteral("build")),
                 QStringLiteral("serviceaccount/ci -n build"));
        QCOMPARE(kubectl::remove(
                     kubectl::reference(QStringLiteral("ClusterRole"), QStringLiteral("view"))),
                 QStringLiteral("kubectl delete clusterrole/view"));
    }

    void aSecretIsCreatedWithItsTypeAndValues()
    {
        const QJsonObject secret = parse(
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
            "\"metadata\":{\"name\":\"bootstrap-token-abcdef\",\"namespace\":\"kube-system\"},"
            "\"type\":\"bootstrap.kubernetes.io/token\","
            "\"data\":{\"token-id\":\"YWJjZGVm\",\"description\":\"aXQncyAkKGlkKQ==\"}}");
        const QJsonObject made = createdBy(kubectl::create(secret));
        QCOMPARE(made.value(QStringLiteral("type")), secret.value(QStringLiteral("type")));
        QCOMPARE(made.value(QStringLiteral("data")), secret.value(QStringLiteral("data")));
        QCOMPARE(objectNamespace(made), QStringLiteral("kube-system"));
    }

    void aOneKeyConfigMapKeepsItsMultiLineValue()
    {
        const QJsonObject configMap =
            parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                  "\"metadata\":{\"name\":\"cluster-info\",\"namespace\":\"kube-public\"},"
                  "\"data\":{\"kubeconfig\":\"apiVersion: v1\\nclusters: []\\n# it's 'quoted' "
                  "$(id)\\n\"}}");
        const QJsonObject made = createdBy(kubectl::create(configMap));
        QCOMPARE(made.value(QStringLiteral("data")), configMap.value(QStringLiteral("data")));
        QCOMPARE(objectNamespace(made), QStringLiteral("kube-public"));
    }

    void bindingsAndServiceAccountsAreCreatedAsTheyWereMade_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("service account")
            << QByteArray("{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\","
                          "\"metadata\":{\"name\":\"ci\",\"namespace\":\"build\"}}");
        QTest::newRow("role binding of a cluster role") << QByteArray(
            "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\","
            "\"metadata\":{\"name\":\"kubestrap:ci:view\",\"namespace\":\"build\"},"
            "\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\","
            "\"name\":\"view\"},"
            "\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"ci\",\"namespace\":\"build\"}]"
            "}");
        QTest::newRow("cluster role binding") << QByteArray(
            "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"ClusterRoleBinding\","
            "\"metadata\":{\"name\":\"kubeadm:kubelet-bootstrap\"},"
            "\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\","
            "\"name\":\"system:node-bootstrapper\"},"
            "\"subjects\":[{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Group\",\"name\":"
            "\"system:bootstrappers:kubeadm:default-node-token\"},"
            "{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\",\"name\":\"alice "
            "smith\"}]}");
    }

    void bindingsAndServiceAccountsAreCreatedAsTheyWereMade()
    {
        QFETCH(QByteArray, json);
        const QJsonObject object = QJsonDocument::fromJson(json).object();
        const QJsonObject made = createdBy(kubectl::create(object));
        QCOMPARE(made.value(QStringLiteral("kind")), object.value(QStringLiteral("kind")));
        QCOMPARE(made.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")),
                 object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")));
        QCOMPARE(objectNamespace(made), objectNamespace(object));
        QCOMPARE(made.value(QStringLiteral("roleRef")), object.value(QStringLiteral("roleRef")));
        // kubectl lists users, then groups, then service accounts; the order means nothing to the
        // authorizer.
        QCOMPARE(sortedSubjects(made), sortedSubjects(object));
    }

    void whatKubectlHasNoWordsForGoesAsYaml()
    {
        const QJsonObject role =
            parse("{\"apiVersion\":\"rbac.authorization.k8s.io/v1\","
                  "\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"two-rules\"},"
                  "\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"nodes\"],\"verbs\":[\"get\"]},"
                  "{\"nonResourceURLs\":[\"/healthz\"],\"verbs\":[\"get\"]}]}");
        const QString command = kubectl::create(role);
        QVERIFY2(command.startsWith(QStringLiteral("kubectl create -f - <<'EOF'\n")),
                 qPrintable(command));
        QVERIFY(command.contains(QStringLiteral("/healthz")));
        QVERIFY(command.endsWith(QStringLiteral("EOF")));
    }

    void decisionsTokensAndPatchesAreKubectlsOwn()
    {
        QCOMPARE(kubectl::decideCertificate(false, QStringLiteral("csr-x")),
                 QStringLiteral("kubectl certificate deny csr-x"));
        QCOMPARE(kubectl::createToken(QStringLiteral("ci"), QStringLiteral("build"), 3600),
                 QStringLiteral("kubectl create token ci -n build --duration=3600s"));
        QCOMPARE(kubectl::mergePatch(QStringLiteral("secret/s -n kube-system"),
                                     parse("{\"data\":{\"expiration\":null}}")),
                 QStringLiteral("kubectl patch secret/s -n kube-system --type=merge -p "
                                "'{\"data\":{\"expiration\":null}}'"));
    }
};

QTEST_GUILESS_MAIN(TestKubectlCommand)
#include "test_kubectl_command.moc"
