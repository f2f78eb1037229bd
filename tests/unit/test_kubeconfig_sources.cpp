#include "kubeconfig_sources.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using kubestrap::KubeconfigSources;

class TestKubeconfigSources : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void flagWinsOverEverything()
    {
        const auto sources = KubeconfigSources::resolve(
            QStringLiteral("/tmp/flag.yaml"), QStringLiteral("/a:/b"), QStringLiteral("/home/ada"));
        QCOMPARE(sources.origin, KubeconfigSources::Origin::Flag);
        QCOMPARE(sources.paths, QStringList{QStringLiteral("/tmp/flag.yaml")});
    }

    void environmentListKeepsOrderAndDropsEmptyAndRepeatedEntries()
    {
        const auto sources = KubeconfigSources::resolve({}, QStringLiteral("/a::/b:/a:"),
                                                        QStringLiteral("/home/ada"));
        QCOMPARE(sources.origin, KubeconfigSources::Origin::Environment);
        QCOMPARE(sources.paths, (QStringList{QStringLiteral("/a"), QStringLiteral("/b")}));
    }

    void environmentOfOnlySeparatorsStillReplacesTheDefault()
    {
        // client-go checks that KUBECONFIG is non-empty, not that it names a file.
        const auto sources =
            KubeconfigSources::resolve({}, QStringLiteral(":"), QStringLiteral("/home/ada"));
        QCOMPARE(sources.origin, KubeconfigSources::Origin::Environment);
        QVERIFY(sources.paths.isEmpty());
    }

    void defaultIsKubeConfigInHome()
    {
        const auto sources = KubeconfigSources::resolve({}, {}, QStringLiteral("/home/ada"));
        QCOMPARE(sources.origin, KubeconfigSources::Origin::Default);
        QCOMPARE(sources.paths, QStringList{QStringLiteral("/home/ada/.kube/config")});
    }

    void existingPathsSkipsMissingFilesAndFolders()
    {
        QTemporaryDir dir;
        QFile present(dir.filePath(QStringLiteral("present")));
        QVERIFY(present.open(QIODevice::WriteOnly));
        present.close();
        const QString env =
            QStringList{dir.filePath(QStringLiteral("missing")), present.fileName(), dir.path()}
                .join(QLatin1Char(':'));
        const auto sources = KubeconfigSources::resolve({}, env, dir.path());
        QCOMPARE(sources.existingPaths(), QStringList{present.fileName()});
    }
};

QTEST_GUILESS_MAIN(TestKubeconfigSources)
#include "test_kubeconfig_sources.moc"
