#include "cluster_session.h"
#include "isolated_settings.h"
#include "rbac_panel.h"
#include "session_on.h"
#include "test_cluster.h"

#include <QLineEdit>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace kubestrap;
using kubestrap::test::TestCluster;

namespace {

QStringList answers(const RbacPanel &panel)
{
    const auto *tree = panel.findChild<QTreeWidget *>(QStringLiteral("answers"));
    QStringList lines;
    for (int row = 0; row < tree->topLevelItemCount(); ++row)
        lines << tree->topLevelItem(row)->text(0) + QStringLiteral(" | ")
                     + tree->topLevelItem(row)->text(1);
    return lines;
}

} // namespace

// The RBAC panel on the demo sandbox: the four kinds listed and searched, and "who can" answered
// with the binding that grants it.
class TestRbacPanel : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;

private Q_SLOTS:
    void listsSearchesAndAnswersWhoCan()
    {
        QString error;
        auto cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                          {QStringLiteral("--demo")});
        QVERIFY2(cluster, qPrintable(error));
        auto on = test::SessionOn::connect(cluster->adminKubeconfig(), &error);
        QVERIFY2(on, qPrintable(error));
        ClusterSession &session = *on->session;
        RbacPanel panel(&session);
        panel.resize(1000, 700);
        panel.show();
        auto *bindings = panel.findChild<QTableView *>(QStringLiteral("clusterrolebindings"));
        QTRY_VERIFY_WITH_TIMEOUT(bindings->model() && bindings->model()->rowCount() > 5, 10000);
        const int all = bindings->model()->rowCount();
        QTest::keyClicks(panel.findChild<QLineEdit *>(QStringLiteral("search")),
                         QStringLiteral("KUBEADM:KUBELET"));
        QCOMPARE(bindings->model()->rowCount(), 1);
        panel.findChild<QLineEdit *>(QStringLiteral("search"))->clear();
        QCOMPARE(bindings->model()->rowCount(), all);

        // Who may read cluster-info: anonymous users, through kubeadm's RoleBinding. Asked
        // before every RBAC store has its first list, the panel says it is reading and answers
        // once they have.
        panel.askWhoCan(QStringLiteral("get"), QStringLiteral("configmaps"),
                        QStringLiteral("cluster-info"), QStringLiteral("kube-public"));
        QTRY_VERIFY2_WITH_TIMEOUT(answers(panel).contains(QStringLiteral(
                                      "User system:anonymous | RoleBinding "
                                      "kube-public/kubeadm:bootstrap-signer-clusterinfo")),
                                  qPrintable(answers(panel).join(QLatin1Char('\n'))), 10000);
        // Who may ask for node certificates with a bootstrap token.
        panel.askWhoCan(QStringLiteral("create"),
                        QStringLiteral("certificatesigningrequests.certificates.k8s.io"));
        QVERIFY2(answers(panel).contains(
                     QStringLiteral("Group system:bootstrappers:kubeadm:default-node-token | "
                                    "ClusterRoleBinding kubeadm:kubelet-bootstrap")),
                 qPrintable(answers(panel).join(QLatin1Char('\n'))));
        // A wildcard grant answers too: cluster-admin's group may do anything.
        panel.askWhoCan(QStringLiteral("delete"), QStringLiteral("nodes"));
        QVERIFY(answers(panel).contains(
            QStringLiteral("Group system:masters | ClusterRoleBinding cluster-admin")));
        // With no namespace, anywhere: a namespace's RoleBinding answers too, naming it.
        panel.askWhoCan(QStringLiteral("get"), QStringLiteral("secrets"));
        QVERIFY2(answers(panel).contains(QStringLiteral("Group devs | RoleBinding %1/developers")
                                             .arg(cluster->demo(QStringLiteral("team-a")))),
                 qPrintable(answers(panel).join(QLatin1Char('\n'))));
        // What a bootstrap token's user may do: ask for certificates, through kubeadm's binding.
        panel.askWhatCan(QStringLiteral("system:bootstrap:abcdef"),
                         {QStringLiteral("system:bootstrappers"),
                          QStringLiteral("system:bootstrappers:kubeadm:default-node-token"),
                          QStringLiteral("system:authenticated")});
        const auto *rules = panel.findChild<QTreeWidget *>(QStringLiteral("rules"));
        QStringList found;
        for (int row = 0; row < rules->topLevelItemCount(); ++row)
            found << rules->topLevelItem(row)->text(0) + QStringLiteral(" | ")
                         + rules->topLevelItem(row)->text(1);
        QVERIFY2(found.contains(QStringLiteral(
                     "create,get,list,watch | certificatesigningrequests (certificates.k8s.io)")),
                 qPrintable(found.join(QLatin1Char('\n'))));
        // Anyone authenticated may do what system:authenticated is bound to, as the API server
        // adds the group to every request (kubectl auth can-i --list --as=nobody-at-all).
        panel.askWhatCan(QStringLiteral("nobody-at-all"), {});
        QStringList anyone;
        for (int row = 0; row < rules->topLevelItemCount(); ++row)
            anyone << rules->topLevelItem(row)->text(0) + QStringLiteral(" | ")
                          + rules->topLevelItem(row)->text(1);
        QVERIFY2(anyone.contains(
                     QStringLiteral("create | selfsubjectaccessreviews,selfsubjectrulesreviews "
                                    "(authorization.k8s.io)")),
                 qPrintable(anyone.join(QLatin1Char('\n'))));
        const QString dir = qEnvironmentVariable("KUBESTRAP_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            panel.findChild<QTableView *>(QStringLiteral("roles"))->selectRow(2);
            QTest::qWait(200);
            panel.grab().save(dir + QStringLiteral("/rbac.png"));
        }
    }
};

QTEST_MAIN(TestRbacPanel)
#include "test_rbac_panel.moc"
