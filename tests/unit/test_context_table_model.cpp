#include "context_table_model.h"
#include "kubeconfig_store.h"
#include "test_files.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;

namespace {

const QByteArray kTwoContexts = R"(apiVersion: v1
kind: Config
current-context: b
clusters:
- name: c
  cluster: {server: https://c.example, insecure-skip-tls-verify: true}
users:
- name: u
  user: {exec: {command: /usr/bin/aws, apiVersion: client.authentication.k8s.io/v1}}
contexts:
- name: a
  context: {cluster: c, user: u, namespace: ns}
- name: b
  context: {cluster: gone, user: u}
)";

} // namespace

class TestContextTableModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void followsTheFilesWithoutResetting()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        QVERIFY(test::writeFile(path, kTwoContexts));
        KubeconfigStore store(KubeconfigSources::resolve(path, {}, dir.path()));
        ContextTableModel model(&store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&store, &KubeconfigStore::loaded);
        store.reload();
        QVERIFY(loaded.wait());

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ContextTableModel::Name).data().toString(), QStringLiteral("a"));
        QCOMPARE(model.index(0, ContextTableModel::Credential).data().toString(),
                 QStringLiteral("exec: aws"));
        QCOMPARE(model.index(0, ContextTableModel::Namespace).data().toString(),
                 QStringLiteral("ns"));
        QCOMPARE(model.index(1, ContextTableModel::Namespace).data().toString(),
                 QStringLiteral("default"));
        QVERIFY(model.index(1, 0).data(ContextTableModel::DanglingRole).toBool());
        QCOMPARE(model.index(1, ContextTableModel::Cluster).data().toString(),
                 QStringLiteral("gone (missing)"));
        QVERIFY(model.index(1, 0).data(ContextTableModel::ActiveRole).toBool());
        QVERIFY(
            !model.index(0, ContextTableModel::Server).data(Qt::ToolTipRole).toString().isEmpty());

        // Another program rewrites the file: one context goes, one arrives, one changes.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QByteArray next = kTwoContexts;
        next.replace("- name: b\n  context: {cluster: gone, user: u}\n",
                     "- name: z\n  context: {cluster: c}\n");
        next.replace("namespace: ns", "namespace: other");
        QVERIFY(test::writeFile(path, next));
        QTRY_COMPARE(model.rowCount(), 2);
        QTRY_COMPARE(model.index(1, 0).data().toString(), QStringLiteral("z"));
        QCOMPARE(model.index(0, ContextTableModel::Namespace).data().toString(),
                 QStringLiteral("other"));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(removed.count(), 1);
        QVERIFY(changed.count() >= 1);
    }

    void activeContextIsTheAppsOwnChoice()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        QVERIFY(test::writeFile(path, kTwoContexts));
        KubeconfigStore store(KubeconfigSources::resolve(path, {}, dir.path()));
        ContextTableModel model(&store);
        QSignalSpy loaded(&store, &KubeconfigStore::loaded);
        store.reload();
        QVERIFY(loaded.wait());
        QSignalSpy active(&store, &KubeconfigStore::activeContextChanged);
        store.setActiveContext(QStringLiteral("a"));
        QCOMPARE(active.count(), 1);
        QVERIFY(model.index(0, 0).data(ContextTableModel::ActiveRole).toBool());
        QVERIFY(!model.index(1, 0).data(ContextTableModel::ActiveRole).toBool());
        QCOMPARE(test::readFile(path), kTwoContexts); // kubectl's choice is untouched
    }

    void useContextInKubectlWritesTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        QVERIFY(test::writeFile(path, kTwoContexts));
        KubeconfigStore store(KubeconfigSources::resolve(path, {}, dir.path()));
        QSignalSpy written(&store, &KubeconfigStore::written);
        QSignalSpy loaded(&store, &KubeconfigStore::loaded);
        store.useContextInKubectl(QStringLiteral("a"));
        QVERIFY(written.wait());
        QVERIFY(loaded.wait());
        QCOMPARE(store.kubeconfig().merged.currentContext, QStringLiteral("a"));
    }

    void aBrokenFileIsReportedAndTheLastGoodStateKept()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config"));
        QVERIFY(test::writeFile(path, kTwoContexts));
        KubeconfigStore store(KubeconfigSources::resolve(path, {}, dir.path()));
        ContextTableModel model(&store);
        QSignalSpy loaded(&store, &KubeconfigStore::loaded);
        QSignalSpy failed(&store, &KubeconfigStore::loadFailed);
        store.reload();
        QVERIFY(loaded.wait());
        QVERIFY(test::writeFile(path, "clusters: {}\n"));
        QVERIFY(failed.wait());
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("line 1")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(model.rowCount(), 2);
    }
};

QTEST_GUILESS_MAIN(TestContextTableModel)
#include "test_context_table_model.moc"
