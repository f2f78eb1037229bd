#include "api_client.h"
#include "bootstrap_token.h"
#include "cluster_client.h"
#include "object_meta.h"
#include "resource_store.h"
#include "test_cluster.h"
#include "token_table_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::TestCluster;

// The Tokens table over a live store of kube-system Secrets.
class TestTokenTableModel : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<ApiClient> client;
    const QString secrets = QStringLiteral("/api/v1/namespaces/kube-system/secrets");

    void create(const QJsonObject &object)
    {
        cluster->deleteAtEnd(secrets + QLatin1Char('/') + kubestrap::objectName(object));
        bool done = false;
        client->create(secrets, object, [&](const QJsonObject &, const ApiFailure *failure) {
            QVERIFY2(!failure, failure ? qPrintable(failure->message) : "");
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        client = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(client, qPrintable(error));
    }

    void showsTokensAsKubeadmListsThem()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        // This run's tokens, among whatever tokens the cluster has.
        const auto token = [](char tag) {
            return BootstrapToken::parse(TestCluster::uniqueTokenId(tag)
                                         + QStringLiteral(".0123456789abcdef"));
        };
        auto day = token('a');
        day->expiration = now.addSecs(24 * 3600 - 30);
        day->usages = {QStringLiteral("authentication"), QStringLiteral("signing")};
        day->extraGroups = {QStringLiteral("system:bootstrappers:kubeadm:default-node-token")};
        day->description = QStringLiteral("workers");
        auto soon = token('c');
        soon->expiration =
            now.addSecs(20 * 60 + 30); // stored to the second; shown floored, as kubeadm does
        soon->usages = {QStringLiteral("signing")};
        auto forever = token('e');
        for (const auto *made : {&*day, &*soon, &*forever})
            create(made->toSecret());
        create(QJsonObject{{QStringLiteral("metadata"),
                            QJsonObject{{QStringLiteral("name"),
                                         TestCluster::uniqueName(QStringLiteral("not-a-token"))}}},
                           {QStringLiteral("stringData"),
                            QJsonObject{{QStringLiteral("a"), QStringLiteral("b")}}}});

        ResourceStore store(client.get(), secrets);
        store.start();
        QTRY_VERIFY_WITH_TIMEOUT(store.hasSynced(), 10000);
        TokenTableModel model(&store, [now] { return now; });
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        // One row per token Secret, and none for the other Secret.
        int tokens = 0;
        for (const QString &key : store.keys())
            tokens += store.object(key).value(QStringLiteral("type")).toString()
                      == QLatin1String(BootstrapToken::kSecretType);
        QCOMPARE(model.rowCount(), tokens);
        const auto rowOf = [&](const BootstrapToken &wanted) {
            for (int row = 0; row < model.rowCount(); ++row) {
                if (model.index(row, TokenTableModel::Id).data().toString() == wanted.id)
                    return row;
            }
            return -1;
        };
        const auto cell = [&](const BootstrapToken &of, int column) {
            return model.index(rowOf(of), column).data().toString();
        };
        QVERIFY(rowOf(*day) >= 0 && rowOf(*soon) >= 0 && rowOf(*forever) >= 0);
        QCOMPARE(cell(*day, TokenTableModel::Description), QStringLiteral("workers"));
        QCOMPARE(cell(*day, TokenTableModel::Expires), QStringLiteral("in 23h"));
        QCOMPARE(cell(*day, TokenTableModel::Usages), QStringLiteral("signing,authentication"));
        QCOMPARE(cell(*day, TokenTableModel::ExtraGroups),
                 QStringLiteral("system:bootstrappers:kubeadm:default-node-token"));
        QCOMPARE(cell(*day, TokenTableModel::Status), QStringLiteral("valid"));
        QCOMPARE(cell(*soon, TokenTableModel::Status), QStringLiteral("expiring"));
        QCOMPARE(cell(*soon, TokenTableModel::Expires), QStringLiteral("in 20m"));
        QCOMPARE(cell(*forever, TokenTableModel::Expires), QStringLiteral("never"));
        QCOMPARE(cell(*forever, TokenTableModel::Status), QStringLiteral("valid, never expires"));

        // The secret half is in no cell under any role a view could ask for.
        for (int row = 0; row < model.rowCount(); ++row) {
            for (int column = 0; column < model.columnCount(); ++column) {
                for (int role = 0; role < Qt::UserRole + 8; ++role)
                    QVERIFY(!model.index(row, column)
                                 .data(role)
                                 .toString()
                                 .contains(QStringLiteral("0123456789abcdef")));
            }
        }

        // A token that arrives later is inserted in its place, not reset in.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        const auto later = token('b');
        create(later->toSecret());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), tokens + 1, 10000);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(rowOf(*later), rowOf(*day) + 1);
        QCOMPARE(rowOf(*soon), rowOf(*later) + 1);
    }
};

QTEST_GUILESS_MAIN(TestTokenTableModel)
#include "test_token_table_model.moc"
