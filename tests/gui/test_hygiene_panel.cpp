#include "gui_helpers.h"
#include "hygiene_panel.h"
#include "isolated_settings.h"
#include "kubeconfig_store.h"
#include "main_window.h"
#include "palette_colors.h"
#include "test_cluster.h"
#include "test_files.h"
#include "x509.h"

#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace kubestrap;
using kubestrap::test::whenModalOpens;

// The Expiry and hygiene panel on a kubeconfig with a certificate that expires in three days, a
// context that names a missing cluster, and a file others may read: the rows coloured by how
// soon, the fixes applied after asking, and the start-up notice in the status bar.
class TestHygienePanel : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;
    std::unique_ptr<QTemporaryDir> dir;
    QString kubeconfig;
    std::unique_ptr<KubeconfigStore> store;
    std::unique_ptr<MainWindow> window;
    HygienePanel *panel = nullptr;
    QTreeWidget *expiring = nullptr;
    QTreeWidget *problems = nullptr;

    int problemRow(const QString &entry) const
    {
        for (int row = 0; row < problems->topLevelItemCount(); ++row)
            if (problems->topLevelItem(row)->text(2) == entry)
                return row;
        return -1;
    }

    bool fix(const QString &entry)
    {
        const int row = problemRow(entry);
        if (row < 0)
            return false;
        problems->setCurrentItem(problems->topLevelItem(row));
        whenModalOpens<QMessageBox>(
            [](QMessageBox *box) { box->button(QMessageBox::Yes)->click(); });
        return panel->fixSelected();
    }

private Q_SLOTS:
    void init()
    {
        dir = std::make_unique<QTemporaryDir>();
        const auto key = x509::generatePrivateKey();
        QVERIFY(key);
        x509::CertificateProfile profile;
        profile.commonName = QStringLiteral("alice");
        profile.validity = std::chrono::hours(72);
        const auto soon = x509::selfSign(*key, profile);
        profile.commonName = QStringLiteral("root");
        profile.certificateAuthority = true;
        profile.validity = std::chrono::hours(24 * 3650);
        const auto ca = x509::selfSign(*key, profile);
        QVERIFY(soon && ca);
        kubeconfig = dir->filePath(QStringLiteral("config"));
        QVERIFY(test::writeFile(
            kubeconfig,
            QStringLiteral("apiVersion: v1\nkind: Config\n"
                           "clusters:\n- name: c\n  cluster: {server: https://127.0.0.1:1, "
                           "certificate-authority-data: %1}\n"
                           "users:\n- name: alice\n  user: {client-certificate-data: %2, "
                           "client-key-data: %3}\n"
                           "contexts:\n- name: soon\n  context: {cluster: c, user: alice}\n"
                           "- name: dangling\n  context: {cluster: gone, user: alice}\n"
                           "current-context: soon\n")
                .arg(QString::fromLatin1(ca->toBase64()), QString::fromLatin1(soon->toBase64()),
                     QString::fromLatin1(key->toBase64()))
                .toUtf8()));
        QFile::setPermissions(kubeconfig, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                              | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        store = std::make_unique<KubeconfigStore>(
            KubeconfigSources::resolve(kubeconfig, {}, dir->path()));
        window = std::make_unique<MainWindow>(store.get());
        window->resize(1200, 760);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(window->showPanel(QStringLiteral("hygiene")));
        panel = window->findChild<HygienePanel *>();
        expiring = panel->findChild<QTreeWidget *>(QStringLiteral("expiring"));
        problems = panel->findChild<QTreeWidget *>(QStringLiteral("problems"));
        QTRY_VERIFY(expiring->topLevelItemCount() > 0);
    }

    void cleanup()
    {
        window.reset();
        store.reset();
        dir.reset();
    }

    void rowsAreSoonestFirstAndColouredBySoon()
    {
        // Both contexts use alice's certificate and the root; the certificate comes first.
        QCOMPARE(expiring->topLevelItemCount(), 3); // soon: certificate and CA; dangling: its
                                                    // certificate (its cluster is gone)
        QTreeWidgetItem *first = expiring->topLevelItem(0);
        QCOMPARE(first->text(1), QStringLiteral("client-certificate"));
        QVERIFY2(first->text(4).startsWith(QStringLiteral("in 2d"))
                     || first->text(4).startsWith(QStringLiteral("in 3d")),
                 qPrintable(first->text(4)));
        const QColor warning = warningTextColor(panel->palette());
        QCOMPARE(first->foreground(0).color(), warning);
        QTreeWidgetItem *last = expiring->topLevelItem(2);
        QCOMPARE(last->text(1), QStringLiteral("certificate-authority"));
        QVERIFY(last->foreground(0).color() != warning);
        QVERIFY2(panel->findChild<QLabel *>(QStringLiteral("hygieneSummary"))
                     ->text()
                     .contains(QStringLiteral("within 30 days: 2.")),
                 qPrintable(panel->findChild<QLabel *>(QStringLiteral("hygieneSummary"))->text()));
    }

    void theStatusBarSaysWhatExpiresSoon()
    {
        QTRY_VERIFY2(window->statusBar()->currentMessage().contains(QStringLiteral("soon")),
                     qPrintable(window->statusBar()->currentMessage()));
        QVERIFY(
            window->statusBar()->currentMessage().contains(QStringLiteral("client-certificate")));
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("expires in")));
    }

    void aReadableFileIsRestrictedAfterAsking()
    {
        QVERIFY(problemRow(QString()) >= 0); // the file itself: secret-readable
        auto *fixButton = panel->findChild<QPushButton *>(QStringLiteral("fix"));
        problems->setCurrentItem(problems->topLevelItem(problemRow(QString())));
        QVERIFY(fixButton->isEnabled());
        QCOMPARE(panel->findChild<QLabel *>(QStringLiteral("whatToDo"))->text(),
                 QStringLiteral("To fix: chmod 600 ") + kubeconfig);
        QVERIFY(fix(QString()));
        QCOMPARE(QFile::permissions(kubeconfig) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        QTRY_VERIFY(problemRow(QString()) < 0);
    }

    void aDanglingContextIsDeletedAfterAsking()
    {
        QVERIFY(problemRow(QStringLiteral("contexts[dangling]")) >= 0);
        // Cancelled: nothing changes.
        problems->setCurrentItem(
            problems->topLevelItem(problemRow(QStringLiteral("contexts[dangling]"))));
        whenModalOpens<QMessageBox>(
            [](QMessageBox *box) { box->button(QMessageBox::Cancel)->click(); });
        QVERIFY(!panel->fixSelected());
        QVERIFY(test::readFile(kubeconfig).contains("name: dangling"));
        QVERIFY(fix(QStringLiteral("contexts[dangling]")));
        QVERIFY(!test::readFile(kubeconfig).contains("name: dangling"));
        QVERIFY(test::readFile(kubeconfig).contains("name: soon"));
        QTRY_VERIFY(problemRow(QStringLiteral("contexts[dangling]")) < 0);
        QTRY_COMPARE(expiring->topLevelItemCount(), 2);
    }

    void theClustersAreAskedOnRequest()
    {
        QString error;
        const auto cluster = test::TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        KubeconfigStore admin(KubeconfigSources::resolve(cluster->adminKubeconfig(), {}, {}));
        admin.reload();
        HygienePanel asked(&admin);
        QTRY_VERIFY(admin.isLoaded());
        auto *rows = asked.findChild<QTreeWidget *>(QStringLiteral("expiring"));
        const auto kinds = [rows] {
            QStringList found;
            for (int row = 0; row < rows->topLevelItemCount(); ++row)
                found << rows->topLevelItem(row)->text(1);
            return found;
        };
        QTRY_VERIFY(kinds().contains(QStringLiteral("client-certificate")));
        QVERIFY(!kinds().contains(QStringLiteral("serving-certificate")));
        auto *ask = asked.findChild<QPushButton *>(QStringLiteral("askClusters"));
        QTest::mouseClick(ask, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(kinds().contains(QStringLiteral("serving-certificate")), 10000);
        QTRY_VERIFY(ask->isEnabled());
    }
};

QTEST_MAIN(TestHygienePanel)
#include "test_hygiene_panel.moc"
