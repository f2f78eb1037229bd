#include "kubeconfig_loader.h"
#include "large_kubeconfig.h"
#include "test_files.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;

namespace {

// The process's peak resident memory so far, in MB (Linux's VmHWM).
qint64 peakMegabytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() / 1024;
    }
    return -1;
}

} // namespace

// Big files are not hostile, but they must not cost memory out of proportion: tens of MB and tens
// of thousands of contexts load, and what they take stays a small multiple of their size.
class TestLargeKubeconfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadsTwentyThousandContextsInBoundedMemory()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("fleet.yaml"));
        const QByteArray yaml = test::largeKubeconfig(20000);
        QVERIFY(yaml.size() > 40 * 1000 * 1000);
        QVERIFY(test::writeFile(path, yaml));
        const qint64 before = peakMegabytes();

        const auto loaded = loadKubeconfigFile(path);
        QVERIFY(loaded);
        QCOMPARE(loaded->config.contexts.size(), size_t(20000));
        QCOMPARE(loaded->config.clusters.at(QStringLiteral("cluster-19999")).server,
                 QStringLiteral("https://10.79.249.1:6443"));
        const qint64 used = peakMegabytes() - before;
        qInfo("%lld MB file: peak grew by %lld MB", qlonglong(yaml.size() / 1000000), used);
        QVERIFY2(used < 20 * yaml.size() / 1000000, qPrintable(QString::number(used)));
    }

    void refusesAFileTooLargeToBeAKubeconfig()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.yaml"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(qint64(300) * 1024 * 1024)); // sparse: no disk used
        file.close();
        const auto loaded = loadKubeconfigFile(path);
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.contains(QStringLiteral("are refused")),
                 qPrintable(loaded.error().message));
    }
};

QTEST_GUILESS_MAIN(TestLargeKubeconfig)
#include "test_large_kubeconfig.moc"
