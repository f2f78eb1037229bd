#include "kubectl.h"

#include <QDir>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using kubestrap::test::ProcessResult;
using kubestrap::test::runProcess;

namespace {

const QString kCli = QStringLiteral(KUBESTRAP_CLI);
const QString kCorpus = QStringLiteral(KUBESTRAP_DATA "/corpus");
const QString kMalformed = QStringLiteral(KUBESTRAP_DATA "/malformed");

const QList<QStringList> kFlagSets = {
    {},
    {QStringLiteral("--raw")},
    {QStringLiteral("--minify")},
    {QStringLiteral("--flatten")},
    {QStringLiteral("--minify"), QStringLiteral("--flatten")},
    {QStringLiteral("--minify"), QStringLiteral("--raw")},
};

} // namespace

// `kubestrap-cli kubeconfig view` must print what `kubectl config view` prints for the same
// KUBECONFIG and flags: equal JSON, byte-identical YAML, and failure where kubectl fails.
class TestKubeconfigViewParity : public QObject {
    Q_OBJECT

private:
    QString kubectl;
    QTemporaryDir home; // neither program may see the ~/.kube/config of whoever runs the tests

    QProcessEnvironment environment(const QString &kubeconfig) const
    {
        return kubestrap::test::kubeconfigEnvironment(home.path(), kubeconfig);
    }

    std::pair<ProcessResult, ProcessResult>
    runBoth(const QString &directory, const QString &kubeconfig, const QStringList &flags) const
    {
        const auto env = environment(kubeconfig);
        const ProcessResult theirs = runProcess(
            kubectl, QStringList{QStringLiteral("config"), QStringLiteral("view")} + flags,
            directory, env);
        const ProcessResult ours = runProcess(
            kCli, QStringList{QStringLiteral("kubeconfig"), QStringLiteral("view")} + flags,
            directory, env);
        return {theirs, ours};
    }

private Q_SLOTS:
    void initTestCase()
    {
        kubectl = kubestrap::test::findKubectl();
        if (kubectl.isEmpty())
            QSKIP("kubectl is not installed: the kubectl parity checks need it (or set "
                  "KUBESTRAP_KUBECTL)");
        qInfo("comparing with %s", qPrintable(kubectl));
    }

    void sameOutputAsKubectl_data()
    {
        QTest::addColumn<QString>("kubeconfig");
        QTest::addColumn<QStringList>("flags");

        QStringList lists = QDir(kCorpus).entryList(
            {QStringLiteral("*.yaml"), QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        lists << QStringLiteral("nested/deeper/relative.yaml")
              << QStringLiteral("conflict-a.yaml:conflict-b.yaml")
              << QStringLiteral("conflict-b.yaml:conflict-a.yaml")
              << QStringLiteral("conflict-c.yaml:conflict-a.yaml:conflict-b.yaml")
              << QStringLiteral("no-such-file.yaml:kind.yaml::kind.yaml")
              << QStringLiteral(
                     "kind.yaml:gke.yaml:eks.yaml:aks.yaml:oidc.yaml:rancher.yaml:minikube.yaml")
              << QStringLiteral("dangling.yaml:everything.yaml");
        for (const QString &kubeconfig : lists) {
            for (const QStringList &flags : kFlagSets) {
                for (const QString &format : {QStringLiteral("json"), QStringLiteral("yaml")}) {
                    const QString row = QStringLiteral("%1 %2 -o %3")
                                            .arg(kubeconfig, flags.join(QLatin1Char(' ')), format);
                    QTest::newRow(qPrintable(row))
                        << kubeconfig << (flags + QStringList{QStringLiteral("-o"), format});
                }
            }
        }
        const QStringList chooseContext{QStringLiteral("--minify"), QStringLiteral("--context"),
                                        QStringLiteral("only-b"), QStringLiteral("-o"),
                                        QStringLiteral("json")};
        QTest::newRow("--minify --context")
            << QStringLiteral("conflict-a.yaml:conflict-b.yaml") << chooseContext;
        QTest::newRow("--context without --minify")
            << QStringLiteral("conflict-a.yaml:conflict-b.yaml")
            << QStringList{QStringLiteral("--context"), QStringLiteral("only-b"),
                           QStringLiteral("-o"), QStringLiteral("json")};
        QTest::newRow("--minify --context missing")
            << QStringLiteral("kind.yaml")
            << QStringList{QStringLiteral("--minify"), QStringLiteral("--context=nope"),
                           QStringLiteral("-o"), QStringLiteral("json")};
    }

    void sameOutputAsKubectl()
    {
        QFETCH(QString, kubeconfig);
        QFETCH(QStringList, flags);
        const auto [theirs, ours] = runBoth(kCorpus, kubeconfig, flags);
        QVERIFY2(ours.exitCode >= 0, ours.err.constData());
        if (theirs.exitCode != 0) {
            QVERIFY2(
                ours.exitCode != 0,
                qPrintable(QStringLiteral("kubectl failed (%1) but we printed:\n%2")
                               .arg(QString::fromUtf8(theirs.err), QString::fromUtf8(ours.out))));
            QVERIFY2(ours.err.contains("error: "), ours.err.constData());
            return;
        }
        QVERIFY2(ours.exitCode == 0, ours.err.constData());
        if (flags.endsWith(QStringLiteral("json"))) {
            const auto theirJson = QJsonDocument::fromJson(theirs.out);
            const auto ourJson = QJsonDocument::fromJson(ours.out);
            QVERIFY2(!ourJson.isNull(), ours.out.constData());
            QCOMPARE(ourJson, theirJson);
        }
        // Byte for byte: YAML is what people read and diff, JSON also keeps kubectl's field order.
        QCOMPARE(QString::fromUtf8(ours.out), QString::fromUtf8(theirs.out));
    }

    void refusesWhatKubectlRefuses_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &file : QDir(kMalformed).entryList(QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(file)) << file;
    }

    void refusesWhatKubectlRefuses()
    {
        QFETCH(QString, file);
        QElapsedTimer timer;
        timer.start();
        const auto [theirs, ours] =
            runBoth(kMalformed, file, {QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(theirs.exitCode != 0,
                 "kubectl accepts this file: it does not belong in malformed/");
        QVERIFY2(ours.exitCode == 1, ours.out.constData());
        QVERIFY(ours.out.isEmpty());
        // The error names the file and the place in it, so the user can go and fix it.
        QVERIFY2(ours.err.contains(file.toUtf8() + ": line "), ours.err.constData());
        QVERIFY2(timer.elapsed() < 30000, "refusing a hostile file took too long");
    }
};

QTEST_GUILESS_MAIN(TestKubeconfigViewParity)
#include "test_kubeconfig_view_parity.moc"
