#include "activity_log.h"
#include "api_paths.h"
#include "cluster_client.h"
#include "cluster_session.h"
#include "configmap_creator.h"
#include "configmap_table_model.h"
#include "configmaps_panel.h"
#include "gui_helpers.h"
#include "isolated_settings.h"
#include "kubectl.h"
#include "object_editor.h"
#include "object_meta.h"
#include "session_on.h"
#include "test_cluster.h"
#include "test_files.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::rowOf;
using kubestrap::test::TestCluster;
using kubestrap::test::whenModalOpens;

namespace {

QPushButton *saveButton(ObjectEditor *editor)
{
    return editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
}

QPlainTextEdit *yamlOf(ObjectEditor *editor)
{
    return editor->findChild<QPlainTextEdit *>(QStringLiteral("yaml"));
}

QString diffOf(ObjectEditor *editor)
{
    return editor->findChild<QPlainTextEdit *>(QStringLiteral("diff"))->toPlainText();
}

QString warningOf(ObjectEditor *editor)
{
    return editor->findChild<QLabel *>(QStringLiteral("editorWarning"))->text();
}

} // namespace

// Creating, editing (with the diff, a change made meanwhile, an immutable ConfigMap replaced)
// ConfigMaps from the panel, as a user does it; what reached the cluster is read back on its own
// connection, and the logged kubectl commands are run by kubectl where it is installed.
class TestConfigMapEditing : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<test::SessionOn> on;
    std::unique_ptr<ApiClient> admin;
    std::unique_ptr<ConfigMapsPanel> panel;
    QTableView *view = nullptr;
    QTemporaryDir files;
    QString ns;

    Result<QJsonObject> onServer(const QString &name)
    {
        return waitFor([&](ApiClient::Callback done) {
            admin->get(paths::configMaps(ns) + QLatin1Char('/') + name, done);
        });
    }

    bool put(const QJsonObject &configMap, bool update = false)
    {
        const QString name = configMap.value(QStringLiteral("metadata"))
                                 .toObject()
                                 .value(QStringLiteral("name"))
                                 .toString();
        return bool(waitFor([&](ApiClient::Callback done) {
            if (update)
                admin->update(paths::configMaps(ns) + QLatin1Char('/') + name, configMap, done);
            else
                admin->create(paths::configMaps(ns), configMap, done);
        }));
    }

    void select(const QString &name)
    {
        auto *filter = panel->findChild<QComboBox *>(QStringLiteral("namespaceFilter"));
        QTRY_VERIFY_WITH_TIMEOUT(filter->findData(ns) >= 0, 10000);
        filter->setCurrentIndex(filter->findData(ns));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(view, name, ConfigMapTableModel::Name) >= 0, 10000);
        view->selectRow(rowOf(view, name, ConfigMapTableModel::Name));
        // The table has what the server has now (a change of a moment ago comes by the watch),
        // its values are read once selected, and it is edited as read.
        QTRY_VERIFY_WITH_TIMEOUT(objectVersion(panel->selected()) == objectVersion(*onServer(name)),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(kubestrap::objectName(panel->opened()) == name
                                     && objectVersion(panel->opened())
                                            == objectVersion(panel->selected()),
                                 10000);
    }

    QString lastKubectl() const
    {
        const ActivityLog *log = on->session->activity();
        return log->index(log->rowCount() - 1, ActivityLog::Kubectl).data().toString();
    }

    QString lastResult() const
    {
        const ActivityLog *log = on->session->activity();
        return log->index(log->rowCount() - 1, ActivityLog::Result).data().toString();
    }

    static QJsonObject configMap(const QString &name, const QJsonObject &data, bool immutable)
    {
        QJsonObject object{
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
            {QStringLiteral("data"), data}};
        if (immutable)
            object.insert(QStringLiteral("immutable"), true);
        return object;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        admin = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(admin, qPrintable(error));
        ns = cluster->createNamespace(QStringLiteral("cm-edit"));
        QVERIFY(!ns.isEmpty());
        QVERIFY(put(configMap(QStringLiteral("app"),
                              {{QStringLiteral("mode"), QStringLiteral("fast")},
                               {QStringLiteral("replicas"), QStringLiteral("3")}},
                              false)));
        QVERIFY(put(configMap(QStringLiteral("release"),
                              {{QStringLiteral("version"), QStringLiteral("1.0")}}, true)));
        QVERIFY(QDir(files.path()).mkpath(QStringLiteral("conf")));
        QVERIFY(test::writeFile(files.filePath(QStringLiteral("conf/app.ini")),
                                "[server]\nport = 8080\n"));
        QVERIFY(test::writeFile(files.filePath(QStringLiteral("conf/logo.bin")), "\x89PNG\xff"));

        on = test::SessionOn::connect(cluster->adminKubeconfig(), &error);
        QVERIFY2(on, qPrintable(error));
        panel = std::make_unique<ConfigMapsPanel>(on->session.get());
        panel->resize(1100, 700);
        panel->show();
        view = panel->findChild<QTableView *>(QStringLiteral("configMapTable"));
        QVERIFY(view);
        select(QStringLiteral("app")); // the namespace is offered once the list is in
    }

    void aNewOneIsMadeAsKubectlMakesIt()
    {
        bool created = false;
        whenModalOpens<ConfigMapCreator>([this, &created](ConfigMapCreator *creator) {
            auto *create = creator->findChild<QPushButton *>(QStringLiteral("create"));
            QCOMPARE(creator->findChild<QComboBox *>(QStringLiteral("namespace"))->currentText(),
                     ns); // the panel's namespace
            QVERIFY(!create->isEnabled());
            creator->findChild<QLineEdit *>(QStringLiteral("name"))->setText(QStringLiteral("web"));
            auto *argument = creator->findChild<QLineEdit *>(QStringLiteral("sourceArgument"));
            auto *add = creator->findChild<QPushButton *>(QStringLiteral("addSource"));
            argument->setText(QStringLiteral("no-equals-sign"));
            QTest::mouseClick(add, Qt::LeftButton);
            QCOMPARE(creator->problem(),
                     QStringLiteral("invalid literal source no-equals-sign, expected key=value"));
            QVERIFY(!create->isEnabled());
            QTest::mouseClick(creator->findChild<QPushButton *>(QStringLiteral("removeSource")),
                              Qt::LeftButton);
            argument->setText(QStringLiteral("greeting=hello world"));
            QTest::mouseClick(add, Qt::LeftButton);
            creator->findChild<QComboBox *>(QStringLiteral("sourceKind"))->setCurrentIndex(2);
            argument->setText(files.filePath(QStringLiteral("conf")));
            QTest::mouseClick(add, Qt::LeftButton);
            QVERIFY2(creator->problem().isEmpty(), qPrintable(creator->problem()));
            QVERIFY2(creator->findChild<QLabel *>(QStringLiteral("outcome"))
                         ->text()
                         .contains(QStringLiteral("app.ini, greeting, logo.bin")),
                     qPrintable(creator->findChild<QLabel *>(QStringLiteral("outcome"))->text()));
            QTest::mouseClick(create, Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!creator->isVisible(), 10000);
            created = true;
        });
        panel->createNew();
        QVERIFY(created);
        const auto web = onServer(QStringLiteral("web"));
        QVERIFY2(web, qPrintable(web ? QString() : web.error().message));
        QCOMPARE(
            web->value(QStringLiteral("data")).toObject(),
            (QJsonObject{{QStringLiteral("greeting"), QStringLiteral("hello world")},
                         {QStringLiteral("app.ini"), QStringLiteral("[server]\nport = 8080\n")}}));
        QCOMPARE(web->value(QStringLiteral("binaryData")).toObject().keys(),
                 QStringList{QStringLiteral("logo.bin")});
        QTRY_COMPARE(lastResult(), QStringLiteral("done"));

        // The logged command makes the same ConfigMap.
        const QString command = lastKubectl();
        QVERIFY2(command.startsWith(QStringLiteral("kubectl create configmap web -n ") + ns),
                 qPrintable(command));
        const auto ran = test::runInShell(command + QStringLiteral(" --dry-run=client -o json"),
                                          cluster->adminKubeconfig());
        if (ran.exitCode == -1 && ran.err == "no kubectl")
            QSKIP("kubectl is not installed: the logged command was not run");
        QCOMPARE(ran.exitCode, 0);
        const QJsonObject replayed = QJsonDocument::fromJson(ran.out).object();
        QCOMPARE(replayed.value(QStringLiteral("data")), web->value(QStringLiteral("data")));
        QCOMPARE(replayed.value(QStringLiteral("binaryData")),
                 web->value(QStringLiteral("binaryData")));
    }

    void aNameTakenKeepsEverythingEntered()
    {
        QString problem;
        whenModalOpens<ConfigMapCreator>([&problem](ConfigMapCreator *creator) {
            creator->findChild<QLineEdit *>(QStringLiteral("name"))->setText(QStringLiteral("app"));
            creator->addSource({configmaps::Source::Kind::Literal, QStringLiteral("a=1")});
            QTest::mouseClick(creator->findChild<QPushButton *>(QStringLiteral("create")),
                              Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!creator->problem().isEmpty(), 10000);
            problem = creator->problem();
            QVERIFY(creator->isVisible());
            QCOMPARE(creator->findChild<QLineEdit *>(QStringLiteral("name"))->text(),
                     QStringLiteral("app"));
            creator->reject();
        });
        panel->createNew();
        QVERIFY2(problem.contains(QStringLiteral("already exists")), qPrintable(problem));
        QCOMPARE(onServer(QStringLiteral("app"))->value(QStringLiteral("data")).toObject().size(),
                 2);
    }

    void anEditShowsTheDiffBeforeSaving()
    {
        select(QStringLiteral("app"));
        whenModalOpens<ObjectEditor>([](ObjectEditor *editor) {
            QPlainTextEdit *yaml = yamlOf(editor);
            QVERIFY(yaml->toPlainText().contains(QStringLiteral("resourceVersion")));
            yaml->setPlainText(
                yaml->toPlainText().replace(QStringLiteral("fast"), QStringLiteral("safe")));
            QCOMPARE(saveButton(editor)->text(), ObjectEditor::tr("&Review changes…"));
            QTest::mouseClick(saveButton(editor), Qt::LeftButton);
            const QString diff = diffOf(editor);
            QVERIFY2(diff.contains(QStringLiteral("-  mode: fast\n+  mode: safe")),
                     qPrintable(diff));
            QTest::mouseClick(saveButton(editor), Qt::LeftButton);
        });
        panel->editSelected();
        QTRY_COMPARE_WITH_TIMEOUT(onServer(QStringLiteral("app"))
                                      ->value(QStringLiteral("data"))
                                      .toObject()
                                      .value(QStringLiteral("mode"))
                                      .toString(),
                                  QStringLiteral("safe"), 10000);
        QTRY_COMPARE(lastResult(), QStringLiteral("done"));
        QVERIFY2(lastKubectl().startsWith(QStringLiteral("kubectl replace -f -")),
                 qPrintable(lastKubectl()));
    }

    void aChangeMadeMeanwhileIsRefusedAndTheTextKept()
    {
        select(QStringLiteral("app"));
        QString problem;
        whenModalOpens<ObjectEditor>([this, &problem](ObjectEditor *editor) {
            QJsonObject theirs = *onServer(QStringLiteral("app"));
            QJsonObject data = theirs.value(QStringLiteral("data")).toObject();
            data.insert(QStringLiteral("owner"), QStringLiteral("carol"));
            theirs.insert(QStringLiteral("data"), data);
            QVERIFY(put(theirs, true));
            QPlainTextEdit *yaml = yamlOf(editor);
            yaml->setPlainText(yaml->toPlainText().replace(QStringLiteral("replicas: \"3\""),
                                                           QStringLiteral("replicas: \"5\"")));
            const QString typed = yaml->toPlainText();
            QTest::mouseClick(saveButton(editor), Qt::LeftButton); // review
            QVERIFY(diffOf(editor).contains(QStringLiteral("+  replicas: \"5\"")));
            QTest::mouseClick(saveButton(editor), Qt::LeftButton); // save
            QTRY_VERIFY_WITH_TIMEOUT(editor->problem().contains(QStringLiteral("Someone changed")),
                                     10000);
            problem = editor->problem();
            QCOMPARE(yaml->toPlainText(), typed);
            editor->reject();
        });
        panel->editSelected();
        QVERIFY(!problem.isEmpty());
        const QJsonObject data =
            onServer(QStringLiteral("app"))->value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("owner")).toString(), QStringLiteral("carol"));
        QCOMPARE(data.value(QStringLiteral("replicas")).toString(), QStringLiteral("3"));
    }

    // The delete that starts a replacement carries the version opened as its precondition.
    void anImmutableOneChangedMeanwhileIsNotReplaced()
    {
        select(QStringLiteral("release"));
        QString problem;
        whenModalOpens<ObjectEditor>([this, &problem](ObjectEditor *editor) {
            QJsonObject theirs = *onServer(QStringLiteral("release"));
            QJsonObject metadata = theirs.value(QStringLiteral("metadata")).toObject();
            metadata.insert(QStringLiteral("labels"),
                            QJsonObject{{QStringLiteral("tier"), QStringLiteral("gold")}});
            theirs.insert(QStringLiteral("metadata"), metadata);
            QVERIFY(put(theirs, true)); // labels may change on an immutable ConfigMap
            QPlainTextEdit *yaml = yamlOf(editor);
            yaml->setPlainText(
                yaml->toPlainText().replace(QStringLiteral("\"1.0\""), QStringLiteral("\"1.1\"")));
            QTest::mouseClick(saveButton(editor), Qt::LeftButton);
            QTest::mouseClick(saveButton(editor), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(editor->problem().contains(QStringLiteral("Someone changed")),
                                     10000);
            problem = editor->problem();
            editor->reject();
        });
        panel->editSelected();
        QVERIFY(!problem.isEmpty());
        const auto kept = onServer(QStringLiteral("release"));
        QVERIFY(kept);
        QCOMPARE(kept->value(QStringLiteral("data")).toObject().value(QStringLiteral("version")),
                 QJsonValue(QStringLiteral("1.0")));
    }

    void anImmutableOneIsReplacedUnderItsName()
    {
        const QString uid = onServer(QStringLiteral("release"))
                                ->value(QStringLiteral("metadata"))
                                .toObject()
                                .value(QStringLiteral("uid"))
                                .toString();
        select(QStringLiteral("release"));
        whenModalOpens<ObjectEditor>([](ObjectEditor *editor) {
            QVERIFY2(warningOf(editor).contains(QStringLiteral("Pods that mount it")),
                     qPrintable(warningOf(editor)));
            QPlainTextEdit *yaml = yamlOf(editor);
            yaml->setPlainText(
                yaml->toPlainText().replace(QStringLiteral("\"1.0\""), QStringLiteral("\"2.0\"")));
            QTest::mouseClick(saveButton(editor), Qt::LeftButton);
            QTest::mouseClick(saveButton(editor), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!editor->isVisible(), 10000);
        });
        panel->editSelected();
        const auto replaced = onServer(QStringLiteral("release"));
        QVERIFY(replaced);
        QCOMPARE(
            replaced->value(QStringLiteral("data")).toObject().value(QStringLiteral("version")),
            QJsonValue(QStringLiteral("2.0")));
        QCOMPARE(replaced->value(QStringLiteral("immutable")), QJsonValue(true));
        QVERIFY(replaced->value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid"))
                != QJsonValue(uid));
        QTRY_COMPARE(lastResult(), QStringLiteral("done"));
        QVERIFY2(lastKubectl().startsWith(QStringLiteral("kubectl replace --force -f -")),
                 qPrintable(lastKubectl()));
    }

    void aSystemConfigMapWarnsWhatBreaks()
    {
        select(QStringLiteral("kube-root-ca.crt"));
        QString warning;
        whenModalOpens<ObjectEditor>([&warning](ObjectEditor *editor) {
            warning = warningOf(editor);
            editor->reject();
        });
        panel->editSelected();
        QVERIFY2(warning.contains(QStringLiteral("trust the API server")), qPrintable(warning));
    }
};

QTEST_MAIN(TestConfigMapEditing)
#include "test_configmap_editing.moc"
