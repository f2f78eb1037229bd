#include "bootstrap_token.h"
#include "cluster_client.h"
#include "cluster_session.h"
#include "kubeconfig_sources.h"
#include "kubeconfig_store.h"
#include "test_cluster.h"
#include "test_files.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::TestCluster;

// The session with the chosen context follows its kubeconfig file as it is rewritten.
class TestClusterSession : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestCluster> cluster;
    QTemporaryDir dir;
    const QString first = TestCluster::uniqueTokenId('3');
    const QString second = TestCluster::uniqueTokenId('4');

    static QString tokenOf(const QString &id) { return id + QStringLiteral(".0123456789abcdef"); }

    // Replaced by rename, as kubectl, aws and gcloud write it.
    bool rewrite(const QString &path, const QByteArray &content)
    {
        const QString next = path + QStringLiteral(".new");
        return test::writeFile(next, content) && (!QFile::exists(path) || QFile::remove(path))
               && QFile::rename(next, path);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        auto admin = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(admin, qPrintable(error));
        for (const QString &id : {first, second}) {
            auto token = BootstrapToken::parse(tokenOf(id));
            token->usages = {QStringLiteral("authentication")};
            cluster->deleteAtEnd(QStringLiteral("/api/v1/namespaces/kube-system/secrets/")
                                 + token->secretName());
            QVERIFY(waitFor([&](ApiClient::Callback done) {
                admin->create(QStringLiteral("/api/v1/namespaces/kube-system/secrets"),
                              token->toSecret(), done);
            }));
        }
    }

    void aCredentialRewrittenInPlaceIsFollowedWithoutReconnecting()
    {
        const QString path = dir.filePath(QStringLiteral("config"));
        QVERIFY(rewrite(path, test::readFile(cluster->kubeconfigForToken(tokenOf(first)))));
        KubeconfigStore kubeconfigs(KubeconfigSources::resolve(path, {}, dir.path()));
        ClusterSession session(&kubeconfigs);
        kubeconfigs.reload();
        // A new token is known to kube-apiserver a moment after its Secret is made.
        QTRY_COMPARE_WITH_TIMEOUT(session.identity().username,
                                  QStringLiteral("system:bootstrap:") + first, 20000);
        if (session.state() != ClusterSession::State::Connected)
            QTRY_VERIFY_WITH_TIMEOUT(session.state() == ClusterSession::State::Connected, 10000);

        // The same file written again, unchanged: the connection stays.
        QSignalSpy replaced(&session, &ClusterSession::sessionReplaced);
        QVERIFY(rewrite(path, test::readFile(path)));
        QTest::qWait(1500);
        QCOMPARE(replaced.count(), 0);

        // Another credential in the same context, as `aws eks update-kubeconfig` writes it.
        QVERIFY(rewrite(path, test::readFile(cluster->kubeconfigForToken(tokenOf(second)))));
        QTRY_COMPARE_WITH_TIMEOUT(session.identity().username,
                                  QStringLiteral("system:bootstrap:") + second, 20000);
        QCOMPARE(session.context(), QStringLiteral("test"));
    }
};

QTEST_GUILESS_MAIN(TestClusterSession)
#include "test_cluster_session.moc"
