#include "kubectl.h"
#include "test_files.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using kubestrap::test::ProcessResult;
using kubestrap::test::runProcess;

namespace {

const QString kCli = QStringLiteral(KUBESTRAP_CLI);
const QString kCorpus = QStringLiteral(KUBESTRAP_DATA "/corpus");

// A copy of the corpus to change; the files a test changes are compared afterwards.
class Workspace {
public:
    Workspace() { kubestrap::test::copyTree(kCorpus, dir.path()); }
    QString path() const { return dir.path(); }
    QString file(const QString &name) const { return dir.filePath(name); }

private:
    QTemporaryDir dir;
};

} // namespace

// After the same change made by kubectl in one copy and by kubestrap-cli in another, kubectl must
// read every file the same way; and what we export, kubectl must load.
class TestKubeconfigEditParity : public QObject {
    Q_OBJECT

private:
    QString kubectl;
    QTemporaryDir home;

    QProcessEnvironment environment(const QString &kubeconfig) const
    {
        return kubestrap::test::kubeconfigEnvironment(home.path(), kubeconfig);
    }

    // How kubectl reads one file, as JSON.
    QJsonDocument kubectlView(const QString &directory, const QString &file,
                              const QStringList &extra = {}) const
    {
        const ProcessResult result = runProcess(
            kubectl,
            QStringList{QStringLiteral("config"), QStringLiteral("view"), QStringLiteral("--raw"),
                        QStringLiteral("-o"), QStringLiteral("json")}
                + extra,
            directory, environment(file));
        if (result.exitCode != 0)
            qWarning("kubectl could not read %s: %s", qPrintable(file), result.err.constData());
        return QJsonDocument::fromJson(result.out);
    }

private Q_SLOTS:
    void initTestCase()
    {
        kubectl = kubestrap::test::findKubectl();
        if (kubectl.isEmpty())
            QSKIP("kubectl is not installed: the kubectl parity checks need it (or set "
                  "KUBESTRAP_KUBECTL)");
    }

    void sameChangeAsKubectl_data()
    {
        QTest::addColumn<QString>("kubeconfig");
        QTest::addColumn<QStringList>("theirs");
        QTest::addColumn<QStringList>("ours");
        const auto args = [](const char *text) {
            return QString::fromLatin1(text).split(QLatin1Char(' '));
        };
        const QString conflicts = QStringLiteral("conflict-c.yaml:conflict-a.yaml:conflict-b.yaml");
        QTest::newRow("use-context writes to the first existing file")
            << conflicts << args("config use-context shared")
            << args("kubeconfig use-context shared");
        QTest::newRow("use-context of the current context writes nothing")
            << QStringLiteral("no-such.yaml:conflict-a.yaml:conflict-b.yaml")
            << args("config use-context shared") << args("kubeconfig use-context shared");
        QTest::newRow("use-context with --kubeconfig")
            << QString() << args("config --kubeconfig everything.yaml use-context dangling")
            << args("kubeconfig --kubeconfig everything.yaml use-context dangling");
        QTest::newRow("rename-context in the file that holds it")
            << conflicts << args("config rename-context only-b bee")
            << args("kubeconfig rename-context only-b bee");
        QTest::newRow("rename the current context")
            << QStringLiteral("kind.yaml") << args("config rename-context kind-kind kind")
            << args("kubeconfig rename-context kind-kind kind");
        QTest::newRow("delete-context") << conflicts << args("config delete-context shared")
                                        << args("kubeconfig delete-context shared");
        QTest::newRow("delete the current context")
            << QStringLiteral("kind.yaml") << args("config delete-context kind-kind")
            << args("kubeconfig delete-context kind-kind");
        QTest::newRow("delete-cluster") << conflicts << args("config delete-cluster only-a")
                                        << args("kubeconfig delete-cluster only-a");
        QTest::newRow("delete-user") << conflicts << args("config delete-user only-b")
                                     << args("kubeconfig delete-user only-b");
        QTest::newRow("set the current context's namespace")
            << QStringLiteral("conflict-a.yaml:conflict-b.yaml")
            << args("config set-context --current --namespace=payments")
            << args("kubeconfig set-namespace payments");
        QTest::newRow("set a cluster's server")
            << QStringLiteral("conflict-a.yaml:conflict-b.yaml")
            << args("config set-cluster only-b --server=https://moved.example:6443")
            << args("kubeconfig set-server only-b https://moved.example:6443");
    }

    void sameChangeAsKubectl()
    {
        QFETCH(QString, kubeconfig);
        QFETCH(QStringList, theirs);
        QFETCH(QStringList, ours);
        Workspace theirCopy;
        Workspace ourCopy;
        const ProcessResult theirRun =
            runProcess(kubectl, theirs, theirCopy.path(), environment(kubeconfig));
        QVERIFY2(theirRun.exitCode == 0, theirRun.err.constData());
        const ProcessResult ourRun =
            runProcess(kCli, ours, ourCopy.path(), environment(kubeconfig));
        QVERIFY2(ourRun.exitCode == 0, ourRun.err.constData());

        for (const QString &name :
             QDir(kCorpus).entryList({QStringLiteral("*.yaml")}, QDir::Files)) {
            const QByteArray original = kubestrap::test::readFile(QDir(kCorpus).filePath(name));
            const bool kubectlChanged = kubestrap::test::readFile(theirCopy.file(name)) != original;
            const bool weChanged = kubestrap::test::readFile(ourCopy.file(name)) != original;
            if (!kubectlChanged && weChanged)
                QFAIL(qPrintable(
                    QStringLiteral("we changed %1, which kubectl left alone").arg(name)));
            if (kubectlChanged || weChanged)
                QCOMPARE(kubectlView(ourCopy.path(), name), kubectlView(theirCopy.path(), name));
        }
        QCOMPARE(kubectlView(ourCopy.path(), kubeconfig),
                 kubectlView(theirCopy.path(), kubeconfig));
    }

    void exportedFileStandsAlone_data()
    {
        QTest::addColumn<QString>("kubeconfig");
        QTest::addColumn<QString>("context");
        QTest::newRow("minikube: relative certificate files")
            << QStringLiteral("minikube.yaml") << QStringLiteral("minikube");
        QTest::newRow("kind: embedded data")
            << QStringLiteral("kind.yaml") << QStringLiteral("kind-kind");
        QTest::newRow("from a merged list")
            << QStringLiteral("conflict-a.yaml:conflict-b.yaml") << QStringLiteral("shared");
        QTest::newRow("exec plugin")
            << QStringLiteral("eks.yaml:gke.yaml")
            << QStringLiteral("arn:aws:eks:eu-west-1:123456789012:cluster/prod");
    }

    void exportedFileStandsAlone()
    {
        QFETCH(QString, kubeconfig);
        QFETCH(QString, context);
        Workspace copy;
        const QString out = copy.file(QStringLiteral("exported/for-colleague.yaml"));
        const ProcessResult run =
            runProcess(kCli,
                       {QStringLiteral("kubeconfig"), QStringLiteral("export"),
                        QStringLiteral("--context"), context, QStringLiteral("--out"), out},
                       copy.path(), environment(kubeconfig));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(kubestrap::test::unixMode(out), 0600u);

        // kubectl's own minify + flatten of the same context, without what we leave behind.
        QJsonObject expected = kubectlView(copy.path(), kubeconfig,
                                           {QStringLiteral("--minify"), QStringLiteral("--flatten"),
                                            QStringLiteral("--context"), context})
                                   .object();
        expected.insert(QStringLiteral("preferences"), QJsonObject());
        expected.remove(QStringLiteral("extensions"));
        expected.insert(QStringLiteral("current-context"), context);
        // Read from elsewhere: nothing in it may point back at files beside the original.
        const QJsonDocument exported = kubectlView(QDir::rootPath(), out);
        QCOMPARE(exported.object(), expected);
    }

    void exportNeverOverwritesSilently()
    {
        Workspace copy;
        const QString out = copy.file(QStringLiteral("kind.yaml"));
        const QByteArray before = kubestrap::test::readFile(out);
        const QStringList exportArgs{QStringLiteral("kubeconfig"), QStringLiteral("export"),
                                     QStringLiteral("--out"), out};
        ProcessResult run = runProcess(kCli, exportArgs, copy.path(),
                                       environment(copy.file(QStringLiteral("k3s.yaml"))));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("--force"), run.err.constData());
        QCOMPARE(kubestrap::test::readFile(out), before);

        run = runProcess(kCli, exportArgs + QStringList{QStringLiteral("--force")}, copy.path(),
                         environment(copy.file(QStringLiteral("k3s.yaml"))));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(kubestrap::test::readFile(out + QStringLiteral(".bak")), before);
        QCOMPARE(kubectlView(copy.path(), out)
                     .object()
                     .value(QStringLiteral("current-context"))
                     .toString(),
                 QStringLiteral("default"));
    }
};

QTEST_GUILESS_MAIN(TestKubeconfigEditParity)
#include "test_kubeconfig_edit_parity.moc"
