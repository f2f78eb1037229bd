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

// A kubeconfig file with kTwoContexts and a store over it.
struct Fixture {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("config"));
    std::unique_ptr<KubeconfigStore> store;

    Fixture()
    {
        test::writeFile(path, kTwoContexts);
        store = std::make_unique<KubeconfigStore>(KubeconfigSources::resolve(path, {}, dir.path()));
    }

    bool load()
    {
        QSignalSpy loaded(store.get(), &KubeconfigStore::loaded);
        store->reload();
        return loaded.wait();
    }
};

} // namespace

class TestContextTableModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void followsTheFilesWithoutResetting()
    {
        Fixture f;
        ContextTableModel model(f.store.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(f.load());

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
        QVERIFY(test::writeFile(f.path, next));
        QTRY_COMPARE(model.rowCount(), 2);
        QTRY_COMPARE(model.index(1, 0).data().toString(), QStringLiteral("z"));
        QCOMPARE(model.index(0, ContextTableModel::Namespace).data().toString(),
                 QStringLiteral("other"));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(removed.count(), 1);
        QVERIFY(changed.count() >= 1);
    }

    void aFleetsContextsArriveInRuns()
    {
        // 10,000 contexts, then a file with every other one gone and a few new: rows come and
        // go in contiguous runs, not one signal each (each would have the views fit their
        // columns again: minutes, at a fleet's size).
        Fixture f;
        QByteArray yaml = "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts:\n";
        for (int i = 0; i < 10000; ++i)
            yaml +=
                "- name: ctx-" + QByteArray::number(i).rightJustified(5, '0') + "\n  context: {}\n";
        QVERIFY(test::writeFile(f.path, yaml));
        ContextTableModel model(f.store.get());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QVERIFY(f.load());
        QCOMPARE(model.rowCount(), 10000);
        QCOMPARE(inserted.count(), 1);

        QByteArray fewer = "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts:\n";
        for (int i = 0; i < 10000; ++i)
            if (i < 5000 || i >= 6000)
                fewer += "- name: ctx-" + QByteArray::number(i).rightJustified(5, '0')
                         + "\n  context: {}\n";
        fewer += "- name: new-1\n  context: {}\n- name: new-2\n  context: {}\n";
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        inserted.clear();
        QVERIFY(test::writeFile(f.path, fewer));
        QTRY_COMPARE(model.rowCount(), 9002);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.index(9001, ContextTableModel::Name).data().toString(),
                 QStringLiteral("new-2"));
    }

    void activeContextIsTheAppsOwnChoice()
    {
        Fixture f;
        ContextTableModel model(f.store.get());
        QVERIFY(f.load());
        QSignalSpy active(f.store.get(), &KubeconfigStore::activeContextChanged);
        f.store->setActiveContext(QStringLiteral("a"));
        QCOMPARE(active.count(), 1);
        QVERIFY(model.index(0, 0).data(ContextTableModel::ActiveRole).toBool());
        QVERIFY(!model.index(1, 0).data(ContextTableModel::ActiveRole).toBool());
        QCOMPARE(test::readFile(f.path), kTwoContexts); // kubectl's choice is untouched
    }

    void useContextInKubectlWritesTheFile()
    {
        Fixture f;
        QSignalSpy written(f.store.get(), &KubeconfigStore::written);
        QSignalSpy loaded(f.store.get(), &KubeconfigStore::loaded);
        f.store->useContextInKubectl(QStringLiteral("a"));
        QVERIFY(written.wait());
        QVERIFY(loaded.wait());
        QCOMPARE(f.store->kubeconfig().merged.currentContext, QStringLiteral("a"));
    }

    void aBrokenFileIsReportedAndTheLastGoodStateKept()
    {
        Fixture f;
        ContextTableModel model(f.store.get());
        QVERIFY(f.load());
        QSignalSpy failed(f.store.get(), &KubeconfigStore::loadFailed);
        QVERIFY(test::writeFile(f.path, "clusters: {}\n"));
        QVERIFY(failed.wait());
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("line 1")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(model.rowCount(), 2);
    }
};

QTEST_GUILESS_MAIN(TestContextTableModel)
#include "test_context_table_model.moc"
