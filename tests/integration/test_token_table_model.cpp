#include "api_client.h"
#include "bootstrap_token.h"
#include "cluster_client.h"
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
        if (!cluster->isSandbox())
            QSKIP("creates tokens in kube-system");
        client = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(client, qPrintable(error));
    }

    void showsTokensAsKubeadmListsThem()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto day = BootstrapToken::parse(QStringLiteral("aaaaaa.0123456789abcdef"));
        day->expiration = now.addSecs(24 * 3600 - 30);
        day->usages = {QStringLiteral("authentication"), QStringLiteral("signing")};
        day->extraGroups = {QStringLiteral("system:bootstrappers:kubeadm:default-node-token")};
        day->description = QStringLiteral("workers");
        auto soon = BootstrapToken::parse(QStringLiteral("bbbbbb.0123456789abcdef"));
        soon->expiration =
            now.addSecs(20 * 60 + 30); // stored to the second; shown floored, as kubeadm does
        soon->usages = {QStringLiteral("signing")};
        auto forever = BootstrapToken::parse(QStringLiteral("cccccc.0123456789abcdef"));
        for (const auto *token : {&*day, &*soon, &*forever})
            create(token->toSecret());
        create(QJsonObject{{QStringLiteral("metadata"),
                            QJsonObject{{QStringLiteral("name"), QStringLiteral("not-a-token")}}},
                           {QStringLiteral("stringData"),
                            QJsonObject{{QStringLiteral("a"), QStringLiteral("b")}}}});

        ResourceStore store(client.get(), secrets);
        store.start();
        QTRY_VERIFY_WITH_TIMEOUT(store.hasSynced(), 10000);
        TokenTableModel model(&store, [now] { return now; });
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 3);
        const auto cell = [&](int row, int column) {
            return model.index(row, column).data().toString();
        };
        QCOMPARE(cell(0, TokenTableModel::Id), QStringLiteral("aaaaaa"));
        QCOMPARE(cell(0, TokenTableModel::Description), QStringLiteral("workers"));
        QCOMPARE(cell(0, TokenTableModel::Expires), QStringLiteral("in 23h"));
        QCOMPARE(cell(0, TokenTableModel::Usages), QStringLiteral("signing,authentication"));
        QCOMPARE(cell(0, TokenTableModel::ExtraGroups),
                 QStringLiteral("system:bootstrappers:kubeadm:default-node-token"));
        QCOMPARE(cell(0, TokenTableModel::Status), QStringLiteral("valid"));
        QCOMPARE(cell(1, TokenTableModel::Status), QStringLiteral("expiring"));
        QCOMPARE(cell(1, TokenTableModel::Expires), QStringLiteral("in 20m"));
        QCOMPARE(cell(2, TokenTableModel::Expires), QStringLiteral("never"));
        QCOMPARE(cell(2, TokenTableModel::Status), QStringLiteral("valid, never expires"));

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

        // A token that arrives later is inserted, not reset in.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        create(BootstrapToken::parse(QStringLiteral("abcdef.0123456789abcdef"))->toSecret());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 4, 10000);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(cell(1, TokenTableModel::Id), QStringLiteral("abcdef"));
    }
};

QTEST_GUILESS_MAIN(TestTokenTableModel)
#include "test_token_table_model.moc"
