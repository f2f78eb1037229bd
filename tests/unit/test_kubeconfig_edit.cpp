#include "kubeconfig_decoder.h"
#include "kubeconfig_edit.h"
#include "test_files.h"
#include "yaml_reader.h"
#include "yaml_writer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;

namespace {

const QByteArray kFile = R"(apiVersion: v1
kind: Config
futureTopLevel: {keep: me}
current-context: dev
clusters:
- name: prod
  futureEntryField: 1
  cluster: {server: https://prod, futureClusterField: 2}
- name: staging
  cluster: {server: https://staging}
users:
- name: admin
  user: {token: t}
contexts:
- name: dev
  context: {cluster: prod, user: admin, namespace: default}
- name: other
  context: {cluster: staging, user: admin}
)";

YamlValue document()
{
    auto read = readYaml(kFile);
    Q_ASSERT(read);
    return read->root;
}

Kubeconfig decoded(const YamlValue &value)
{
    auto config = decodeKubeconfig(value, QStringLiteral("test"));
    Q_ASSERT(config);
    return *config;
}

} // namespace

class TestKubeconfigEdit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void renamingAContextMovesCurrentContext()
    {
        YamlValue doc = document();
        QVERIFY(kubeconfig_edit::rename(doc, KubeconfigEntryKind::Context, QStringLiteral("dev"),
                                        QStringLiteral("development")));
        const Kubeconfig config = decoded(doc);
        QCOMPARE(config.currentContext, QStringLiteral("development"));
        QVERIFY(config.contexts.count(QStringLiteral("development")));
        QVERIFY(!config.contexts.count(QStringLiteral("dev")));
    }

    void renamingAClusterMovesItsContexts()
    {
        YamlValue doc = document();
        QVERIFY(kubeconfig_edit::rename(doc, KubeconfigEntryKind::Cluster, QStringLiteral("prod"),
                                        QStringLiteral("production")));
        const Kubeconfig config = decoded(doc);
        QCOMPARE(config.contexts.at(QStringLiteral("dev")).cluster, QStringLiteral("production"));
        QCOMPARE(config.contexts.at(QStringLiteral("other")).cluster, QStringLiteral("staging"));
        // Fields kubectl does not know stay where they were.
        const YamlValue &entry = doc.member(u"clusters")->sequence()->at(0);
        QVERIFY(entry.member(u"futureEntryField"));
        QVERIFY(entry.member(u"cluster")->member(u"futureClusterField"));
    }

    void renameRefusesATakenOrMissingName()
    {
        YamlValue doc = document();
        auto taken = kubeconfig_edit::rename(doc, KubeconfigEntryKind::Cluster,
                                             QStringLiteral("prod"), QStringLiteral("staging"));
        QVERIFY(!taken);
        QVERIFY(taken.error().message.contains(
            QStringLiteral("already has a cluster named 'staging'")));
        auto missing = kubeconfig_edit::rename(doc, KubeconfigEntryKind::User,
                                               QStringLiteral("nobody"), QStringLiteral("x"));
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(QStringLiteral("no user named 'nobody'")));
    }

    void deletingTheCurrentContextLeavesItDanglingAsKubectlDoes()
    {
        YamlValue doc = document();
        QVERIFY(kubeconfig_edit::remove(doc, KubeconfigEntryKind::Context, QStringLiteral("dev")));
        const Kubeconfig config = decoded(doc);
        QCOMPARE(config.currentContext, QStringLiteral("dev"));
        QCOMPARE(config.contexts.size(), size_t(1));
    }

    void namespaceAndServerChangeOnlyTheirField()
    {
        YamlValue doc = document();
        QVERIFY(kubeconfig_edit::setContextNamespace(doc, QStringLiteral("other"),
                                                     QStringLiteral("kube-system")));
        QVERIFY(kubeconfig_edit::setContextNamespace(doc, QStringLiteral("dev"), QString()));
        QVERIFY(kubeconfig_edit::setClusterServer(doc, QStringLiteral("prod"),
                                                  QStringLiteral("https://new:6443")));
        const Kubeconfig config = decoded(doc);
        QCOMPARE(config.contexts.at(QStringLiteral("other")).namespaceName,
                 QStringLiteral("kube-system"));
        QVERIFY(config.contexts.at(QStringLiteral("dev")).namespaceName.isEmpty());
        QCOMPARE(config.clusters.at(QStringLiteral("prod")).server,
                 QStringLiteral("https://new:6443"));
        QVERIFY(doc.member(u"clusters")
                    ->sequence()
                    ->at(0)
                    .member(u"cluster")
                    ->member(u"futureClusterField"));
    }

    void mergeAddsOnlyNewNames()
    {
        YamlValue doc = document();
        auto other =
            readYaml("clusters:\n- name: prod\n  cluster: {server: https://other}\n"
                     "- name: new\n  cluster: {server: https://new}\ncurrent-context: zzz\n");
        QVERIFY(other);
        const QStringList skipped = kubeconfig_edit::mergeFrom(doc, other->root);
        QCOMPARE(skipped, QStringList{QStringLiteral("cluster 'prod'")});
        const Kubeconfig config = decoded(doc);
        QCOMPARE(config.clusters.at(QStringLiteral("prod")).server, QStringLiteral("https://prod"));
        QCOMPARE(config.clusters.at(QStringLiteral("new")).server, QStringLiteral("https://new"));
        QCOMPARE(config.currentContext, QStringLiteral("dev"));
    }

    void editingAFileKeepsUnknownFieldsAndABackup()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        QVERIFY(kubestrap::test::writeFile(path, kFile));

        const auto written = editKubeconfigFile(path, [](YamlValue &doc) {
            kubeconfig_edit::setCurrentContext(doc, QStringLiteral("other"));
            return Result<void>();
        });
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));
        QCOMPARE(written->backupPath, path + QStringLiteral(".bak"));
        QCOMPARE(kubestrap::test::readFile(written->backupPath), kFile);
        const QByteArray after = kubestrap::test::readFile(path);
        QVERIFY(after.contains("futureTopLevel:\n  keep: me"));
        QVERIFY(after.contains("current-context: other"));
        QVERIFY(!QFile::exists(path + QStringLiteral(".lock")));
        QCOMPARE(kubestrap::test::unixMode(path), 0600u);
    }

    void anEditThatBreaksTheFileIsNotWritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        QVERIFY(kubestrap::test::writeFile(path, kFile));
        const auto written = editKubeconfigFile(path, [](YamlValue &doc) {
            doc.set(QStringLiteral("current-context"), YamlValue(qint64(5)));
            return Result<void>();
        });
        QVERIFY(!written);
        QVERIFY2(written.error().message.contains(QStringLiteral("would make")),
                 qPrintable(written.error().message));
        QCOMPARE(kubestrap::test::readFile(path), kFile);
        QVERIFY(!QFile::exists(path + QStringLiteral(".bak")));
    }

    void editingAMissingFileCreatesIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new/config"));
        const auto written = editKubeconfigFile(path, [](YamlValue &doc) {
            kubeconfig_edit::setCurrentContext(doc, QStringLiteral("x"));
            return Result<void>();
        });
        QVERIFY(written);
        QCOMPARE(kubestrap::test::readFile(path),
                 QByteArray("apiVersion: v1\nkind: Config\ncurrent-context: x\n"));
    }
};

QTEST_GUILESS_MAIN(TestKubeconfigEdit)
#include "test_kubeconfig_edit.moc"
