#include "isolated_settings.h"
#include "kubeconfig_store.h"
#include "kubeconfigs_panel.h"
#include "main_window.h"
#include "test_files.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

using namespace kubestrap;

namespace {

const QString kCorpus = QStringLiteral(KUBESTRAP_DATA "/corpus");

// Saves what the user sees when KUBESTRAP_SCREENSHOT_DIR names a folder (for the README).
void screenshot(QWidget *window, const QString &name)
{
    const QString dir = qEnvironmentVariable("KUBESTRAP_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(100); // let pending layout requests settle first
    window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace

class TestKubeconfigsPanel : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;
    std::unique_ptr<QTemporaryDir> workspace;
    std::unique_ptr<KubeconfigStore> store;
    std::unique_ptr<MainWindow> window;
    KubeconfigsPanel *panel = nullptr;
    QTableView *table = nullptr;

    QString text(const char *labelName) const
    {
        return window->findChild<QLabel *>(QLatin1String(labelName))->text();
    }
    QString details() const
    {
        return panel->findChild<QTextBrowser *>(QStringLiteral("details"))->toPlainText();
    }

private Q_SLOTS:
    void init()
    {
        workspace = std::make_unique<QTemporaryDir>();
        QVERIFY(test::copyTree(kCorpus, workspace->path()));
        const QString list = QStringList{workspace->filePath(QStringLiteral("conflict-a.yaml")),
                                         workspace->filePath(QStringLiteral("conflict-b.yaml")),
                                         workspace->filePath(QStringLiteral("dangling.yaml"))}
                                 .join(QLatin1Char(':'));
        store = std::make_unique<KubeconfigStore>(
            KubeconfigSources::resolve({}, list, workspace->path()));
        window = std::make_unique<MainWindow>(store.get());
        window->resize(1200, 760);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(window->showPanel(QStringLiteral("kubeconfigs")));
        panel = window->findChild<KubeconfigsPanel *>(QStringLiteral("kubeconfigs"));
        table = panel->findChild<QTableView *>(QStringLiteral("contexts"));
        QTRY_COMPARE(table->model()->rowCount(), 3);
    }

    void cleanup()
    {
        window.reset();
        store.reset();
    }

    void listsTheMergedContextsAndMarksDanglingOnes()
    {
        QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("broken"));
        QCOMPARE(table->model()->index(0, 1).data().toString(),
                 QStringLiteral("missing-cluster (missing)"));
        QCOMPARE(table->model()->index(2, 0).data().toString(), QStringLiteral("shared"));
        QCOMPARE(table->model()->index(2, 4).data().toString(),
                 QStringLiteral("client certificate"));
        QCOMPARE(table->model()->index(2, 6).data().toString(), QStringLiteral("conflict-a.yaml"));
        QVERIFY(text("loadState").contains(QStringLiteral("Contexts: 3, from")));
        QVERIFY(text("connectionState").startsWith(QStringLiteral("Context shared")));
        screenshot(window.get(), QStringLiteral("kubeconfigs"));
    }

    void secretsStayMaskedUntilRevealed()
    {
        panel->selectContext(QStringLiteral("only-b"));
        QVERIFY(details().contains(QStringLiteral("basic auth")));
        QVERIFY(details().contains(QStringLiteral("••••••••")));
        QVERIFY(!details().contains(QStringLiteral("hunter2")));
        auto *reveal = panel->findChild<QCheckBox *>(QStringLiteral("revealSecrets"));
        reveal->click();
        QVERIFY(details().contains(QStringLiteral("hunter2")));
        screenshot(window.get(), QStringLiteral("kubeconfigs-details"));
        // Choosing another context masks them again.
        panel->selectContext(QStringLiteral("shared"));
        panel->selectContext(QStringLiteral("only-b"));
        QVERIFY(!reveal->isChecked());
        QVERIFY(!details().contains(QStringLiteral("hunter2")));
    }

    void danglingContextSaysWhyItCannotBeUsed()
    {
        panel->selectContext(QStringLiteral("broken"));
        QVERIFY2(details().contains(QStringLiteral("Cluster 'missing-cluster' is not defined")),
                 qPrintable(details()));
    }

    void workingInAContextLeavesKubectlAlone()
    {
        const QByteArray before =
            test::readFile(workspace->filePath(QStringLiteral("conflict-b.yaml")));
        panel->selectContext(QStringLiteral("only-b"));
        panel->findChild<QPushButton *>(QStringLiteral("activateButton"))->click();
        QCOMPARE(store->activeContext(), QStringLiteral("only-b"));
        QCOMPARE(window->findChild<QComboBox *>(QStringLiteral("contextSwitcher"))->currentText(),
                 QStringLiteral("only-b"));
        QVERIFY(text("connectionState").startsWith(QStringLiteral("Context only-b")));
        QCOMPARE(test::readFile(workspace->filePath(QStringLiteral("conflict-b.yaml"))), before);
    }

    void contextSwitcherChangesTheActiveContext()
    {
        auto *switcher = window->findChild<QComboBox *>(QStringLiteral("contextSwitcher"));
        QCOMPARE(switcher->count(), 3);
        switcher->setFocus();
        QTest::keyClick(switcher, Qt::Key_Up); // from "shared" to "only-b"
        QCOMPARE(store->activeContext(), QStringLiteral("only-b"));
    }

    void useInKubectlWritesTheFirstFile()
    {
        panel->selectContext(QStringLiteral("only-b"));
        panel->findChild<QPushButton *>(QStringLiteral("useInKubectlButton"))->click();
        QTRY_COMPARE(store->kubeconfig().merged.currentContext, QStringLiteral("only-b"));
        QVERIFY(test::readFile(workspace->filePath(QStringLiteral("conflict-a.yaml")))
                    .contains("current-context: only-b"));
        QCOMPARE(test::unixMode(workspace->filePath(QStringLiteral("conflict-a.yaml"))), 0600u);
    }

    void aLinkedKubeconfigIsWrittenThroughOnlyWhenTheUserSays()
    {
        // ~/.kube/config kept in dotfiles: the merged list's first file is a link.
        const QString first = workspace->filePath(QStringLiteral("conflict-a.yaml"));
        const QString kept = workspace->filePath(QStringLiteral("dotfiles-kube-config"));
        QVERIFY(QFile::rename(first, kept));
        QVERIFY(QFile::link(kept, first));
        // Clicks `button` in the question once it shows (the write it follows is asynchronous).
        const auto answer = [this](const QString &button) {
            auto *poll = new QTimer(panel);
            connect(poll, &QTimer::timeout, poll, [poll, button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                if (!box)
                    return;
                poll->deleteLater();
                QCOMPARE(box->objectName(), QStringLiteral("writeThroughLink"));
                QVERIFY(box->text().contains(QStringLiteral("symbolic link")));
                for (QAbstractButton *candidate : box->buttons()) {
                    if (candidate->text().remove(QLatin1Char('&')) == button)
                        return candidate->click();
                }
                QFAIL(qPrintable(QStringLiteral("no button ") + button));
            });
            poll->start(20);
        };
        // Asked of the store directly (the button only passes the selection on, as
        // useInKubectlWritesTheFirstFile shows): a reload after each write would reset a
        // selection made meanwhile.
        answer(QStringLiteral("Cancel"));
        store->useContextInKubectl(QStringLiteral("only-b"));
        QTRY_VERIFY(text("loadState").startsWith(QStringLiteral("Not changed:")));
        QVERIFY(!test::readFile(kept).contains("current-context: only-b"));

        answer(QStringLiteral("Write through the link"));
        store->useContextInKubectl(QStringLiteral("only-b"));
        QTRY_VERIFY(test::readFile(kept).contains("current-context: only-b"));
        QVERIFY(QFileInfo(first).isSymLink());
        QVERIFY(!KubeconfigStore::writesThroughLinks());

        // Always: remembered, and not asked again.
        answer(QStringLiteral("Always write through links"));
        store->useContextInKubectl(QStringLiteral("shared"));
        QTRY_VERIFY(test::readFile(kept).contains("current-context: shared"));
        QVERIFY(KubeconfigStore::writesThroughLinks());
        store->useContextInKubectl(QStringLiteral("only-b")); // a box now would hang the test
        QTRY_VERIFY(test::readFile(kept).contains("current-context: only-b"));
        KubeconfigStore::setWritesThroughLinks(false);
    }

    void filterNarrowsTheTable()
    {
        QTest::keyClicks(panel->findChild<QLineEdit *>(QStringLiteral("filter")),
                         QStringLiteral("only"));
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("only-b"));
    }

    void aFileBrokenOnDiskIsReported()
    {
        QVERIFY(
            test::writeFile(workspace->filePath(QStringLiteral("dangling.yaml")), "contexts: [\n"));
        QTRY_VERIFY(text("loadState").startsWith(QStringLiteral("The kubeconfig cannot be read")));
        QVERIFY(text("loadState").contains(QStringLiteral("dangling.yaml: line 2")));
        QCOMPARE(table->model()->rowCount(), 3); // what was read last stays
    }
};

QTEST_MAIN(TestKubeconfigsPanel)
#include "test_kubeconfigs_panel.moc"
