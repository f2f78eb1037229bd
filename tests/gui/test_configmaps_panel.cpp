#include "activity_log.h"
#include "api_paths.h"
#include "cluster_client.h"
#include "cluster_session.h"
#include "configmap_table_model.h"
#include "configmaps_panel.h"
#include "folding_text_view.h"
#include "gui_helpers.h"
#include "isolated_settings.h"
#include "kubectl.h"
#include "session_on.h"
#include "test_cluster.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTextBlock>

using namespace kubestrap;
using kubestrap::test::rowOf;
using kubestrap::test::TestCluster;
using kubestrap::test::whenModalOpens;

// The ConfigMaps panel against a cluster, driven as a user drives it: the namespace filter and
// search, who manages each, the keys and their values (binary ones as hex), the warnings of the
// ConfigMaps the cluster relies on, and deleting.
class TestConfigMapsPanel : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<test::SessionOn> on;
    std::unique_ptr<ApiClient> admin;
    std::unique_ptr<ConfigMapsPanel> panel;
    QTableView *view = nullptr;
    QComboBox *namespaces = nullptr;
    QListWidget *keys = nullptr;
    QPlainTextEdit *value = nullptr;
    QLabel *details = nullptr;
    QString ns;

    bool create(const QJsonObject &configMap)
    {
        std::optional<bool> created;
        admin->create(paths::configMaps(ns), configMap,
                      [&](const QJsonObject &, const ApiFailure *failure) {
                          if (failure)
                              qWarning("%s", qPrintable(failure->message));
                          created = !failure;
                      });
        return QTest::qWaitFor([&] { return created.has_value(); }, 10000) && *created;
    }

    void showNamespace(const QString &shown)
    {
        QTRY_VERIFY_WITH_TIMEOUT(namespaces->findData(shown) >= 0, 10000);
        namespaces->setCurrentIndex(namespaces->findData(shown));
    }

    void select(const QString &name)
    {
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(view, name, ConfigMapTableModel::Name) >= 0, 10000);
        view->selectRow(rowOf(view, name, ConfigMapTableModel::Name));
    }

    QString cell(const QString &name, int column) const
    {
        return view->model()
            ->index(rowOf(view, name, ConfigMapTableModel::Name), column)
            .data()
            .toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                     {QStringLiteral("--demo")});
        QVERIFY2(cluster, qPrintable(error));
        admin = test::clientFor(cluster->adminKubeconfig(), &error);
        QVERIFY2(admin, qPrintable(error));
        ns = cluster->createNamespace(QStringLiteral("configmaps"));
        QVERIFY(!ns.isEmpty());
        QVERIFY(create(QJsonObject{
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("settings")}}},
            {QStringLiteral("data"),
             QJsonObject{{QStringLiteral("note"), QStringLiteral("hello")},
                         {QStringLiteral("app.yaml"), QStringLiteral("replicas: 3\n")}}},
            {QStringLiteral("binaryData"),
             QJsonObject{{QStringLiteral("logo.png"),
                          QString::fromLatin1(QByteArray("\x89PNG\r\n\x1a\n", 8).toBase64())}}}}));
        QVERIFY(create(QJsonObject{
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("frozen")},
                         {QStringLiteral("labels"),
                          QJsonObject{{QStringLiteral("app.kubernetes.io/managed-by"),
                                       QStringLiteral("Helm")}}}}},
            {QStringLiteral("immutable"), true},
            {QStringLiteral("data"), QJsonObject{{QStringLiteral("k"), QStringLiteral("v")}}}}));

        on = test::SessionOn::connect(cluster->adminKubeconfig(), &error);
        QVERIFY2(on, qPrintable(error));
        panel = std::make_unique<ConfigMapsPanel>(on->session.get());
        panel->resize(1100, 700);
        panel->show();
        view = panel->findChild<QTableView *>(QStringLiteral("configMapTable"));
        namespaces = panel->findChild<QComboBox *>(QStringLiteral("namespaceFilter"));
        keys = panel->findChild<QListWidget *>(QStringLiteral("keys"));
        value = panel->findChild<QPlainTextEdit *>(QStringLiteral("value"));
        details = panel->findChild<QLabel *>(QStringLiteral("configMapDetails"));
        QVERIFY(view && namespaces && keys && value && details);
    }

    void oneNamespaceIsShownAndSearched()
    {
        showNamespace(ns);
        // The namespace's own two, and the kube-root-ca.crt the controller-manager puts in each.
        QTRY_VERIFY_WITH_TIMEOUT(
            rowOf(view, QStringLiteral("frozen"), ConfigMapTableModel::Name) >= 0, 10000);
        for (int row = 0; row < view->model()->rowCount(); ++row)
            QCOMPARE(view->model()->index(row, ConfigMapTableModel::Namespace).data().toString(),
                     ns);
        QCOMPARE(cell(QStringLiteral("frozen"), ConfigMapTableModel::Immutable),
                 QStringLiteral("yes"));
        QCOMPARE(cell(QStringLiteral("frozen"), ConfigMapTableModel::ManagedBy),
                 QStringLiteral("Helm"));
        QCOMPARE(cell(QStringLiteral("settings"), ConfigMapTableModel::Data), QStringLiteral("3"));

        auto *search = panel->findChild<QLineEdit *>(QStringLiteral("search"));
        search->setText(QStringLiteral("froz"));
        QTRY_COMPARE(view->model()->rowCount(), 1);
        search->clear();
        QTRY_VERIFY(view->model()->rowCount() >= 2);
    }

    void keysShowTheirValuesAndBinaryAsHex()
    {
        showNamespace(ns);
        select(QStringLiteral("settings"));
        // The list holds its keys and their sizes, not the values: those are read once it is
        // selected.
        const QJsonObject listed = panel->selected();
        QCOMPARE(listed.value(QStringLiteral("data")).toObject().value(QStringLiteral("note")),
                 QJsonValue(5));
        QCOMPARE(cell(QStringLiteral("settings"), ConfigMapTableModel::Size),
                 QLocale().formattedDataSize(4 + 5 + 8 + 12 + 8 + 8));
        QTRY_COMPARE(keys->count(), 3);
        QCOMPARE(keys->item(0)->text(), QStringLiteral("app.yaml"));
        QTRY_COMPARE(value->toPlainText(), QStringLiteral("replicas: 3\n"));
        QCOMPARE(
            panel->opened().value(QStringLiteral("data")).toObject().value(QStringLiteral("note")),
            QJsonValue(QStringLiteral("hello")));
        keys->setCurrentRow(1);
        QVERIFY2(value->toPlainText().contains(QStringLiteral("89 50 4e 47")),
                 qPrintable(value->toPlainText()));
        QVERIFY(value->toPlainText().contains(QStringLiteral(".PNG")));
        keys->setCurrentRow(2);
        QCOMPARE(value->toPlainText(), QStringLiteral("hello"));

        select(QStringLiteral("frozen"));
        QTRY_VERIFY(details->text().contains(QStringLiteral("Immutable")));
    }

    void yamlFoldsUnderItsKeys()
    {
        QVERIFY(create(QJsonObject{
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("nested")}}},
            {QStringLiteral("data"),
             QJsonObject{
                 {QStringLiteral("app.yaml"),
                  QStringLiteral("server:\n  port: 1\n  tls:\n    cert: a\nname: x\n")}}}}));
        showNamespace(ns);
        select(QStringLiteral("nested"));
        QTRY_VERIFY(value->toPlainText().startsWith(QStringLiteral("server:")));
        auto *text = qobject_cast<FoldingTextView *>(value);
        QVERIFY(text);
        QCOMPARE(text->folds(), (QList<folds::Fold>{{0, 3}, {2, 3}}));
        auto *margin = text->findChild<QWidget *>(QStringLiteral("foldMargin"));
        QVERIFY(margin);
        // A click on the first line's marker folds the server block away, and another shows it.
        const auto clickLine = [&](int line) {
            QTextCursor cursor(text->document()->findBlockByNumber(line));
            const QPoint at = margin->mapFrom(
                text, text->viewport()->mapTo(text, text->cursorRect(cursor).center()));
            QTest::mouseClick(margin, Qt::LeftButton, {}, QPoint(margin->width() / 2, at.y()));
        };
        clickLine(0);
        QVERIFY(text->isFolded(0));
        QVERIFY(!text->isLineShown(1) && !text->isLineShown(3));
        QVERIFY(text->isLineShown(4));
        QVERIFY(text->toggleFold(2)); // the inner fold, while hidden under the outer one
        clickLine(0);
        QVERIFY(text->isLineShown(1) && text->isLineShown(2));
        QVERIFY(!text->isLineShown(3)); // tls stays folded
        QVERIFY(!text->toggleFold(1));  // nothing opens there
    }

    void theDemosKubeadmConfigIsExplained()
    {
        // The demo's kubeadm-config was written for v1.31.4, an upgrade ago on both servers.
        showNamespace(QStringLiteral("kube-system"));
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->select(QStringLiteral("kube-system"), QStringLiteral("kubeadm-config")), 10000);
        auto *explained = panel->findChild<QLabel *>(QStringLiteral("explained"));
        QTRY_VERIFY_WITH_TIMEOUT(explained->text().contains(QStringLiteral("v1.31.4")), 10000);
        QVERIFY2(explained->text().contains(QStringLiteral("an upgrade has not finished")),
                 qPrintable(explained->text()));
        QVERIFY(explained->text().contains(QStringLiteral("10.244.0.0/16")));
    }

    void aLargeValueOpensInPart()
    {
        // The demo's 900 KB catalogue: the first 256 KiB are laid out, and the summary says so.
        showNamespace(cluster->demo(QStringLiteral("team-b")));
        QTRY_VERIFY_WITH_TIMEOUT(panel->select(cluster->demo(QStringLiteral("team-b")),
                                               QStringLiteral("product-catalogue")),
                                 10000);
        auto *summary = panel->findChild<QLabel *>(QStringLiteral("valueSummary"));
        QTRY_VERIFY_WITH_TIMEOUT(value->toPlainText().startsWith(QStringLiteral("sku,name")),
                                 10000);
        QCOMPARE(value->toPlainText().size(), 256 * 1024);
        QVERIFY2(summary->text().contains(QStringLiteral("shown")), qPrintable(summary->text()));
    }

    void clusterInfoSaysWhoKeepsItAndWhatBreaks()
    {
        showNamespace(QStringLiteral("kube-public"));
        select(QStringLiteral("cluster-info"));
        QTRY_VERIFY(details->text().contains(QStringLiteral("Managed by kubeadm")));
        QVERIFY2(details->text().contains(QStringLiteral("kubeadm join")),
                 qPrintable(details->text()));
    }

    void aDeletionAsksFirstAndIsLogged()
    {
        showNamespace(ns);
        select(QStringLiteral("settings"));
        whenModalOpens<QMessageBox>(
            [](QMessageBox *box) { box->button(QMessageBox::Cancel)->click(); });
        panel->deleteSelected();
        QTest::qWait(300);
        QVERIFY(rowOf(view, QStringLiteral("settings"), ConfigMapTableModel::Name) >= 0);

        whenModalOpens<QMessageBox>(
            [](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
        panel->deleteSelected();
        QTRY_VERIFY_WITH_TIMEOUT(
            rowOf(view, QStringLiteral("settings"), ConfigMapTableModel::Name) < 0, 10000);
        const ActivityLog *log = on->session->activity();
        const int last = log->rowCount() - 1;
        QTRY_COMPARE(log->index(last, ActivityLog::Result).data().toString(),
                     QStringLiteral("done"));
        const QString kubectl = log->index(last, ActivityLog::Kubectl).data().toString();
        QCOMPARE(kubectl, QStringLiteral("kubectl delete configmap settings -n ") + ns);
    }
};

QTEST_MAIN(TestConfigMapsPanel)
#include "test_configmaps_panel.moc"
