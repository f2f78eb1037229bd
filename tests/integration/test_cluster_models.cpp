#include "api_client.h"
#include "binding_table_model.h"
#include "cluster_client.h"
#include "configmap_table_model.h"
#include "csr_table_model.h"
#include "resource_proxy_model.h"
#include "resource_store.h"
#include "role_table_model.h"
#include "test_cluster.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::TestCluster;

// The RBAC and CSR tables over live stores of a demo sandbox.
class TestClusterModels : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<ApiClient> client;

    static int rowWith(const QAbstractItemModel &model, int column, const QString &text)
    {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, column).data().toString() == text)
                return row;
        }
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                     {QStringLiteral("--demo")});
        QVERIFY2(cluster, qPrintable(error));
        client = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(client, qPrintable(error));
    }

    void bindingsFlattenTheirSubjects()
    {
        ResourceStore clusterBindings(
            client.get(), QStringLiteral("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings"));
        ResourceStore bindings(client.get(),
                               QStringLiteral("/apis/rbac.authorization.k8s.io/v1/rolebindings"));
        clusterBindings.start();
        bindings.start();
        QTRY_VERIFY_WITH_TIMEOUT(clusterBindings.hasSynced() && bindings.hasSynced(), 10000);
        BindingTableModel clusterTable(&clusterBindings);
        BindingTableModel table(&bindings);
        QAbstractItemModelTester tester(&table,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int admin =
            rowWith(clusterTable, BindingTableModel::Name, QStringLiteral("cluster-admin"));
        QVERIFY(admin >= 0);
        QCOMPARE(clusterTable.index(admin, BindingTableModel::Subjects).data().toString(),
                 QStringLiteral("Group system:masters"));
        QCOMPARE(clusterTable.index(admin, BindingTableModel::Role).data().toString(),
                 QStringLiteral("ClusterRole/cluster-admin"));
        // The demo's binding in its own team-a (the cluster may hold others by that name).
        int monitoring = -1;
        for (int row = 0; row < table.rowCount() && monitoring < 0; ++row) {
            if (table.index(row, BindingTableModel::Name).data()
                    == QStringLiteral("monitoring-view")
                && table.index(row, BindingTableModel::Namespace).data()
                       == cluster->demo(QStringLiteral("team-a")))
                monitoring = row;
        }
        QVERIFY(monitoring >= 0);
        QCOMPARE(table.index(monitoring, BindingTableModel::Subjects).data().toString(),
                 QStringLiteral("ServiceAccount %1/prometheus")
                     .arg(cluster->demo(QStringLiteral("monitoring"))));
        QCOMPARE(table.index(monitoring, BindingTableModel::Namespace).data().toString(),
                 cluster->demo(QStringLiteral("team-a")));

        // Sorted through the panels' proxy, without regard to case; a change on the server
        // moves the row.
        ResourceProxyModel sorted(&table);
        sorted.sort(BindingTableModel::Subjects);
        QVERIFY(table.rowCount() >= 2);
        for (int row = 1; row < sorted.rowCount(); ++row)
            QVERIFY(QString::compare(
                        sorted.index(row - 1, BindingTableModel::Subjects).data().toString(),
                        sorted.index(row, BindingTableModel::Subjects).data().toString(),
                        Qt::CaseInsensitive)
                    <= 0);
        QVERIFY(sorted.index(0, BindingTableModel::Name).data().toString()
                != QLatin1String("monitoring-view"));
        bool patched = false;
        client->patch(
            QStringLiteral("/apis/rbac.authorization.k8s.io/v1/namespaces/%1/rolebindings/"
                           "monitoring-view")
                .arg(cluster->demo(QStringLiteral("team-a"))),
            QJsonObject{
                {QStringLiteral("subjects"),
                 QJsonArray{QJsonObject{
                     {QStringLiteral("kind"), QStringLiteral("Group")},
                     {QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                     {QStringLiteral("name"), QStringLiteral("aaa-first")}}}}},
            [&](const QJsonObject &, const ApiFailure *failure) { patched = !failure; });
        QTRY_VERIFY(patched);
        QTRY_COMPARE_WITH_TIMEOUT(sorted.index(0, BindingTableModel::Name).data().toString(),
                                  QStringLiteral("monitoring-view"), 10000);

        // Searching every column at once, in any case, finds the new subject; so does the
        // generic FilterRole.
        sorted.setSearchText(QStringLiteral("AAA-First"));
        QCOMPARE(sorted.rowCount(), 1);
        QCOMPARE(sorted.index(0, BindingTableModel::Namespace).data().toString(),
                 cluster->demo(QStringLiteral("team-a")));
        sorted.setSearchText(QString());
        QCOMPARE(sorted.rowCount(), table.rowCount());
        QSortFilterProxyModel filtered;
        filtered.setSourceModel(&table);
        filtered.setFilterRole(ResourceTableModel::FilterRole);
        filtered.setFilterKeyColumn(0);
        filtered.setFilterFixedString(QStringLiteral("aaa-first"));
        QCOMPARE(filtered.rowCount(), 1);
    }

    void rolesSummariseTheirRules()
    {
        ResourceStore clusterRoles(
            client.get(), QStringLiteral("/apis/rbac.authorization.k8s.io/v1/clusterroles"));
        ResourceStore roles(
            client.get(),
            QStringLiteral("/apis/rbac.authorization.k8s.io/v1/namespaces/kube-public/roles"));
        clusterRoles.start();
        roles.start();
        QTRY_VERIFY_WITH_TIMEOUT(clusterRoles.hasSynced() && roles.hasSynced(), 10000);
        RoleTableModel clusterTable(&clusterRoles);
        RoleTableModel table(&roles);
        QAbstractItemModelTester clusterTester(
            &clusterTable, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester tester(&table,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int bootstrapper =
            rowWith(clusterTable, RoleTableModel::Name, QStringLiteral("system:node-bootstrapper"));
        QVERIFY(bootstrapper >= 0);
        QCOMPARE(clusterTable.index(bootstrapper, RoleTableModel::Rules).data().toString(),
                 QStringLiteral("create,get,list,watch "
                                "certificatesigningrequests.certificates.k8s.io"));
        const int clusterInfo = rowWith(table, RoleTableModel::Name,
                                        QStringLiteral("kubeadm:bootstrap-signer-clusterinfo"));
        QVERIFY(clusterInfo >= 0);
        QCOMPARE(table.index(clusterInfo, RoleTableModel::Rules).data().toString(),
                 QStringLiteral("get configmaps/cluster-info"));
        QCOMPARE(table.index(clusterInfo, RoleTableModel::Namespace).data().toString(),
                 QStringLiteral("kube-public"));
    }

    void configMapsListTheirKeys()
    {
        ResourceStore store(client.get(),
                            QStringLiteral("/api/v1/namespaces/kube-public/configmaps"));
        store.start();
        QTRY_VERIFY_WITH_TIMEOUT(store.hasSynced(), 10000);
        ConfigMapTableModel model(&store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int row = rowWith(model, ConfigMapTableModel::Name, QStringLiteral("cluster-info"));
        QVERIFY(row >= 0);
        QVERIFY(model.index(row, ConfigMapTableModel::Keys)
                    .data()
                    .toString()
                    .split(QStringLiteral(", "))
                    .contains(QStringLiteral("kubeconfig")));

        QCOMPARE(model.index(row, ConfigMapTableModel::ManagedBy).data().toString(),
                 QStringLiteral("kubeadm"));
        QCOMPARE(model.index(row, ConfigMapTableModel::Immutable).data().toString(), QString());
        const qint64 size = model.index(row, ConfigMapTableModel::Size)
                                .data(ResourceTableModel::SortRole)
                                .toLongLong();
        QVERIFY(size > 100); // a kubeconfig with a CA in it

        // A key added on the server shows in the same row, counted and sized.
        const int before = model.index(row, ConfigMapTableModel::Data).data().toInt();
        bool patched = false;
        client->patch(QStringLiteral("/api/v1/namespaces/kube-public/configmaps/cluster-info"),
                      QJsonObject{{QStringLiteral("data"),
                                   QJsonObject{{QStringLiteral("a-note"), QStringLiteral("x")}}}},
                      [&](const QJsonObject &, const ApiFailure *failure) { patched = !failure; });
        QTRY_VERIFY(patched);
        QTRY_COMPARE_WITH_TIMEOUT(model.index(row, ConfigMapTableModel::Data).data().toInt(),
                                  before + 1, 10000);
        QCOMPARE(model.index(row, ConfigMapTableModel::Keys)
                     .data()
                     .toString()
                     .split(QStringLiteral(", "))[0],
                 QStringLiteral("a-note"));
        QCOMPARE(model.index(row, ConfigMapTableModel::Size)
                     .data(ResourceTableModel::SortRole)
                     .toLongLong(),
                 size + 7); // "a-note" and "x"
    }

    void csrConditionsFollowApproval()
    {
        ResourceStore store(
            client.get(),
            QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests"));
        store.start();
        QTRY_VERIFY_WITH_TIMEOUT(store.hasSynced(), 10000);
        CsrTableModel model(&store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int alice =
            rowWith(model, CsrTableModel::Name, cluster->demo(QStringLiteral("alice-laptop")));
        const int node =
            rowWith(model, CsrTableModel::Name, cluster->demo(QStringLiteral("node-csr-worker-1")));
        QVERIFY(alice >= 0 && node >= 0);
        QCOMPARE(model.index(alice, CsrTableModel::Condition).data().toString(),
                 QStringLiteral("Pending"));
        QCOMPARE(model.index(alice, CsrTableModel::Requestor).data().toString(),
                 QStringLiteral("alice"));
        QCOMPARE(model.index(alice, CsrTableModel::RequestedDuration).data().toString(),
                 QStringLiteral("24h"));
        QTRY_COMPARE_WITH_TIMEOUT(model.index(node, CsrTableModel::Condition).data().toString(),
                                  QStringLiteral("Approved,Issued"), 10000);

        // Approve alice's request as `kubectl certificate approve` does; the signer issues it.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QJsonObject csr = model.objectAt(model.index(alice, 0));
        QJsonObject status = csr.value(QStringLiteral("status")).toObject();
        status.insert(QStringLiteral("conditions"),
                      QJsonArray{QJsonObject{
                          {QStringLiteral("type"), QStringLiteral("Approved")},
                          {QStringLiteral("status"), QStringLiteral("True")},
                          {QStringLiteral("reason"), QStringLiteral("KubestrapApprove")}}});
        csr.insert(QStringLiteral("status"), status);
        bool approved = false;
        client->update(
            QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests/%1/approval")
                .arg(cluster->demo(QStringLiteral("alice-laptop"))),
            csr, [&](const QJsonObject &, const ApiFailure *failure) { approved = !failure; });
        QTRY_VERIFY(approved);
        QTRY_COMPARE_WITH_TIMEOUT(model.index(alice, CsrTableModel::Condition).data().toString(),
                                  QStringLiteral("Approved,Issued"), 10000);
        QVERIFY(changed.count() >= 1);
    }
};

QTEST_GUILESS_MAIN(TestClusterModels)
#include "test_cluster_models.moc"
