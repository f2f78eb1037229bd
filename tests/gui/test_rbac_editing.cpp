#include "activity_log.h"
#include "binding_table_model.h"
#include "cluster_client.h"
#include "gui_helpers.h"
#include "isolated_settings.h"
#include "kubectl.h"
#include "object_editor.h"
#include "rbac_object.h"
#include "rbac_panel.h"
#include "session_on.h"
#include "test_cluster.h"

#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

using namespace kubestrap;
using kubestrap::test::rowOf;
using kubestrap::test::TestCluster;
using kubestrap::test::whenModalOpens;

namespace {

const QString kAuditors = TestCluster::uniqueName(QStringLiteral("auditors-view"));

QPushButton *saveButton(ObjectEditor *editor)
{
    return editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
}

void typeYaml(ObjectEditor *editor, const QString &yaml)
{
    editor->findChild<QPlainTextEdit *>(QStringLiteral("yaml"))->setPlainText(yaml);
}

QString bindingYaml(const QString &subjects, const QString &role = QStringLiteral("view"))
{
    return QStringLiteral("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n"
                          "metadata:\n  name: %1\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n"
                          "  kind: ClusterRole\n  name: %2\nsubjects:\n%3")
        .arg(kAuditors, role, subjects);
}

QString group(const QString &name)
{
    return QStringLiteral("- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: %1\n")
        .arg(name);
}

} // namespace

// Creating, editing and deleting RBAC objects from the panel, against the demo sandbox: the
// cluster's state is read back on its own connection, and with kubectl where it is installed.
class TestRbacEditing : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<test::SessionOn> on;
    std::unique_ptr<RbacPanel> panel;
    std::unique_ptr<ApiClient> admin;
    QTableView *bindings = nullptr;

    Result<QJsonObject> onServer(const QString &name)
    {
        return waitFor([&](ApiClient::Callback done) {
            admin->get(rbac::apiPath(RbacKind::ClusterRoleBinding, {}, name), done);
        });
    }

    QStringList subjectsOnServer()
    {
        QStringList names;
        for (const QJsonValue &subject :
             onServer(kAuditors)->value(QStringLiteral("subjects")).toArray())
            names << subject.toObject().value(QStringLiteral("name")).toString();
        return names;
    }

    void select(const QString &name)
    {
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(bindings, name, BindingTableModel::Name) >= 0, 10000);
        bindings->setFocus();
        bindings->selectRow(rowOf(bindings, name, BindingTableModel::Name));
    }

    void click(const char *button)
    {
        QTest::mouseClick(panel->findChild<QPushButton *>(QLatin1String(button)), Qt::LeftButton);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                     {QStringLiteral("--demo")});
        QVERIFY2(cluster, qPrintable(error));
        cluster->deleteAtEnd(
            QStringLiteral("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/") + kAuditors);
        on = test::SessionOn::connect(cluster->adminKubeconfig(), &error);
        QVERIFY2(on, qPrintable(error));
        admin = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(admin, qPrintable(error));
        panel = std::make_unique<RbacPanel>(on->session.get());
        panel->resize(1200, 760);
        panel->show();
        panel->findChild<QTabWidget *>(QStringLiteral("kinds"))->setCurrentIndex(3);
        bindings = panel->findChild<QTableView *>(QStringLiteral("clusterrolebindings"));
        QTRY_VERIFY_WITH_TIMEOUT(bindings->model() && bindings->model()->rowCount() > 5, 10000);
    }

    void aSelectedBindingIsShownInFull()
    {
        select(QStringLiteral("kubeadm:kubelet-bootstrap"));
        const auto *summary = panel->findChild<QLabel *>(QStringLiteral("detailsSummary"));
        QVERIFY2(
            summary->text().contains(QStringLiteral("grants ClusterRole system:node-bootstrapper")),
            qPrintable(summary->text()));
        const auto *entries = panel->findChild<QTreeWidget *>(QStringLiteral("detailsEntries"));
        QCOMPARE(entries->topLevelItem(0)->text(1),
                 QStringLiteral("system:bootstrappers:kubeadm:default-node-token"));
        const QString yaml =
            panel->findChild<QPlainTextEdit *>(QStringLiteral("detailsYaml"))->toPlainText();
        QVERIFY2(yaml.contains(QStringLiteral("kind: ClusterRoleBinding")), qPrintable(yaml));
        QVERIFY(!yaml.contains(QStringLiteral("managedFields")));
    }

    void aNewBindingIsCheckedAsTypedThenCreated()
    {
        whenModalOpens<ObjectEditor>([](ObjectEditor *editor) {
            // The starting point lacks a name: Save waits for one.
            QVERIFY(!saveButton(editor)->isEnabled());
            QVERIFY(editor->problem().contains(QStringLiteral("metadata.name")));
            typeYaml(editor, bindingYaml(group(QStringLiteral("auditors")), QStringLiteral("")));
            QVERIFY2(editor->problem().contains(QStringLiteral("roleRef needs the name")),
                     qPrintable(editor->problem()));
            typeYaml(editor, bindingYaml(group(QStringLiteral("auditors"))));
            QCOMPARE(editor->problem(), QString());
            QTest::mouseClick(saveButton(editor), Qt::LeftButton);
        });
        click("newObject");
        QCOMPARE(subjectsOnServer(), QStringList{QStringLiteral("auditors")});
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(bindings, kAuditors, BindingTableModel::Name) >= 0, 10000);
        const ActivityLog *log = on->session->activity();
        const int last = log->rowCount() - 1;
        QCOMPARE(log->index(last, ActivityLog::Change).data().toString(),
                 QStringLiteral("create clusterrolebinding ") + kAuditors);
        QTRY_COMPARE(log->index(last, ActivityLog::Result).data().toString(),
                     QStringLiteral("done"));
    }

    void anEditKeepsTheRoleAndChangesTheSubjects()
    {
        select(kAuditors);
        whenModalOpens<ObjectEditor>([](ObjectEditor *editor) {
            auto *yaml = editor->findChild<QPlainTextEdit *>(QStringLiteral("yaml"));
            const QString original = yaml->toPlainText();
            QVERIFY2(original.contains(QStringLiteral("resourceVersion")), qPrintable(original));
            yaml->setPlainText(QString(original).replace(QStringLiteral("name: view"),
                                                         QStringLiteral("name: edit")));
            QVERIFY2(editor->problem().contains(QStringLiteral("roleRef cannot change")),
                     qPrintable(editor->problem()));
            QVERIFY(!saveButton(editor)->isEnabled());
            yaml->setPlainText(original + group(QStringLiteral("security")));
            QTest::mouseClick(saveButton(editor), Qt::LeftButton);
        });
        click("editObject");
        QCOMPARE(subjectsOnServer(),
                 (QStringList{QStringLiteral("auditors"), QStringLiteral("security")}));
    }

    void aChangeMadeMeanwhileIsNotOverwritten()
    {
        select(kAuditors);
        QString problem;
        whenModalOpens<ObjectEditor>([this, &problem](ObjectEditor *editor) {
            // Someone else adds a subject while the editor is open.
            QJsonObject theirs = *onServer(kAuditors);
            QJsonArray subjects = theirs.value(QStringLiteral("subjects")).toArray();
            subjects.append(QJsonObject{
                {QStringLiteral("kind"), QStringLiteral("User")},
                {QStringLiteral("name"), QStringLiteral("carol")},
                {QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")}});
            theirs.insert(QStringLiteral("subjects"), subjects);
            QVERIFY(waitFor([&](ApiClient::Callback done) {
                admin->update(rbac::apiPath(RbacKind::ClusterRoleBinding, {}, kAuditors), theirs,
                              done);
            }));
            auto *yaml = editor->findChild<QPlainTextEdit *>(QStringLiteral("yaml"));
            yaml->setPlainText(yaml->toPlainText() + group(QStringLiteral("mine")));
            const QString typed = yaml->toPlainText();
            QTest::mouseClick(saveButton(editor), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(editor->problem().contains(QStringLiteral("Someone changed")),
                                     10000);
            QCOMPARE(yaml->toPlainText(), typed); // nothing the user wrote is lost
            problem = editor->problem();
            editor->reject();
        });
        click("editObject");
        QVERIFY(!problem.isEmpty());
        QCOMPARE(subjectsOnServer(),
                 (QStringList{QStringLiteral("auditors"), QStringLiteral("security"),
                              QStringLiteral("carol")}));
    }

    void deletingABindingNodesNeedAsksWithTheReason()
    {
        select(QStringLiteral("kubeadm:kubelet-bootstrap"));
        QString asked;
        whenModalOpens<QMessageBox>([&asked](QMessageBox *box) {
            asked = box->text();
            box->button(QMessageBox::No)->click();
        });
        click("deleteObject");
        QVERIFY2(asked.contains(QStringLiteral("Joining nodes rely on this object")),
                 qPrintable(asked));
        QVERIFY(onServer(QStringLiteral("kubeadm:kubelet-bootstrap")));
    }

    void aDeletedBindingIsGoneAndItsLoggedCommandsReplay()
    {
        panel->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(panel.get()));
        select(kAuditors); // and the Delete key on the table asks
        whenModalOpens<QMessageBox>(
            [](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
        QTest::keyClick(bindings, Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(bindings, kAuditors, BindingTableModel::Name) < 0, 10000);
        QCOMPARE(onServer(kAuditors).error().message.contains(QStringLiteral("not found")), true);
        const ActivityLog *log = on->session->activity();
        QCOMPARE(log->index(log->rowCount() - 1, ActivityLog::Kubectl).data().toString(),
                 QStringLiteral("kubectl delete clusterrolebinding ") + kAuditors);

        // The commands the activity dock offers do what the panel did, pasted as they are.
        if (test::findKubectl().isEmpty())
            QSKIP("kubectl is not installed: the logged commands are not replayed");
        const auto logged = [log](const QString &change) {
            for (int row = 0; row < log->rowCount(); ++row) {
                if (log->index(row, ActivityLog::Change).data().toString().startsWith(change))
                    return log->index(row, ActivityLog::Kubectl).data().toString();
            }
            return QString();
        };
        const QString create = logged(QStringLiteral("create clusterrolebinding"));
        QVERIFY(create.startsWith(QStringLiteral("kubectl create -f - <<'EOF'\n")));
        auto ran = test::runInShell(create, cluster->adminKubeconfig());
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        QCOMPARE(subjectsOnServer(), QStringList{QStringLiteral("auditors")});
        // An edit is sent with the uid and resourceVersion it was made on, so replayed on the
        // binding made again since, kubectl is refused instead of overwriting it.
        const QString edit = logged(QStringLiteral("edit clusterrolebinding"));
        QVERIFY(edit.startsWith(QStringLiteral("kubectl replace -f - <<'EOF'\n")));
        ran = test::runInShell(edit, cluster->adminKubeconfig());
        QVERIFY(ran.exitCode != 0);
        QVERIFY2(ran.err.contains("Error from server (Conflict)")
                     && ran.err.contains("Precondition failed: UID in precondition"),
                 ran.err.constData());
        QCOMPARE(subjectsOnServer(), QStringList{QStringLiteral("auditors")});
        ran = test::runInShell(logged(QStringLiteral("delete clusterrolebinding")),
                               cluster->adminKubeconfig());
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        QVERIFY(onServer(kAuditors).error().message.contains(QStringLiteral("not found")));
    }
};

QTEST_MAIN(TestRbacEditing)
#include "test_rbac_editing.moc"
