#include "activity_log.h"
#include "export_credential_page.h"
#include "export_wizard.h"
#include "gui_helpers.h"
#include "isolated_settings.h"
#include "kubeconfig_loader.h"
#include "kubeconfig_sources.h"
#include "kubeconfig_store.h"
#include "session_on.h"
#include "test_cluster.h"
#include "test_files.h"
#include "token_dialog.h"
#include "tokens_panel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::TestCluster;

namespace {

// Every message the process logs (qDebug to qCritical, Qt's own included), kept to grep.
QStringList logged;
QtMessageHandler previousHandler = nullptr;

void keep(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    logged << message;
    if (previousHandler)
        previousHandler(type, context, message);
}

QString randomSecret()
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString secret;
    for (int i = 0; i < 16; ++i)
        secret += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(36)]);
    return secret;
}

} // namespace

// The main flows run with secrets only this test knows: a bootstrap token made, revealed and
// copied in the Tokens panel; kubeconfigs exported with that token, with a new client
// certificate and with a service-account token. Afterwards none of those secrets is in any
// logged message, any settings file, any activity row or tooltip, or the text the windows show.
class TestSecretsStayPut : public QObject {
    Q_OBJECT

    test::IsolatedSettings settings;
    std::unique_ptr<TestCluster> cluster;
    std::unique_ptr<test::SessionOn> on;
    QTemporaryDir dir;
    const QString id = TestCluster::uniqueTokenId('p');
    const QString tokenSecret = randomSecret();
    QStringList secrets;     // what must not leak
    QStringList windowTexts; // what the windows showed along the way

    static QStringList labelsOf(const QWidget *widget)
    {
        QStringList texts;
        for (const QLabel *label : widget->findChildren<QLabel *>())
            texts << label->text() << label->toolTip();
        return texts;
    }

    // Exports the admin's context with the credential `fill` chooses, and returns the file.
    QString exportWith(const QString &name, const std::function<void(ExportCredentialPage *)> &fill)
    {
        KubeconfigStore kubeconfigs(
            KubeconfigSources::resolve(cluster->adminKubeconfig(), {}, QDir::tempPath()));
        kubeconfigs.reload();
        if (!QTest::qWaitFor([&] { return kubeconfigs.isLoaded(); }, 10000))
            return {};
        KubeconfigExportWizard wizard(&kubeconfigs, kubeconfigs.activeContext(),
                                      on->session->activity());
        wizard.show();
        wizard.next();
        fill(qobject_cast<ExportCredentialPage *>(wizard.currentPage()));
        wizard.next();
        wizard.next();
        if (!QTest::qWaitFor([&] { return wizard.button(QWizard::NextButton)->isEnabled(); },
                             20000))
            return {};
        windowTexts << labelsOf(&wizard);
        for (const QPlainTextEdit *shown : wizard.findChildren<QPlainTextEdit *>())
            windowTexts << shown->toPlainText();
        wizard.next();
        const QString out = dir.filePath(name);
        wizard.findChild<QLineEdit *>(QStringLiteral("path"))->setText(out);
        windowTexts << labelsOf(&wizard);
        wizard.button(QWizard::FinishButton)->click();
        return QFile::exists(out) ? out : QString();
    }

    // The user's credential in an exported file (token or key), which must not leak either.
    static QString credentialIn(const QString &file, const char *field)
    {
        const auto loaded = loadKubeconfigFile(file);
        if (!loaded || loaded->config.users.empty())
            return {};
        const auto &user = loaded->config.users.begin()->second;
        return QLatin1String(field) == QLatin1String("token")
                   ? user.token
                   : QString::fromLatin1(user.clientKeyData.toBase64());
    }

private Q_SLOTS:
    void initTestCase()
    {
        previousHandler = qInstallMessageHandler(keep);
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                     {QStringLiteral("--demo")});
        QVERIFY2(cluster, qPrintable(error));
        cluster->deleteAtEnd(
            QStringLiteral("/api/v1/namespaces/kube-system/secrets/bootstrap-token-") + id);
        cluster->deleteNewAtEnd(
            QStringLiteral("/apis/certificates.k8s.io/v1/certificatesigningrequests"));
        cluster->deleteAtEnd(QStringLiteral("/api/v1/namespaces/default/serviceaccounts/grep-bot"));
        on = test::SessionOn::connect(cluster->adminKubeconfig(), &error);
        QVERIFY2(on, qPrintable(error));
    }

    void theTokenIsMadeRevealedAndCopied()
    {
        TokensPanel panel(on->session.get());
        panel.show();
        auto *view = panel.findChild<QTableView *>(QStringLiteral("tokenTable"));
        test::whenModalOpens<TokenDialog>([this](TokenDialog *dialog) {
            dialog->findChild<QLineEdit *>(QStringLiteral("token"))
                ->setText(id + QLatin1Char('.') + tokenSecret);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        panel.findChild<QPushButton *>(QStringLiteral("create"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(view->model() && test::rowOf(view, id) >= 0, 10000);
        view->selectRow(test::rowOf(view, id));
        panel.findChild<QPushButton *>(QStringLiteral("reveal"))->click();
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("secret"))->text().contains(tokenSecret));
        panel.findChild<QPushButton *>(QStringLiteral("reveal"))->click();
        panel.findChild<QPushButton *>(QStringLiteral("copyToken"))->click();
        QCOMPARE(QApplication::clipboard()->text(), id + QLatin1Char('.') + tokenSecret);
        panel.findChild<QPushButton *>(QStringLiteral("copyJoin"))->click();
        QTRY_VERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("kubeadm join")));
        windowTexts << labelsOf(&panel);
        secrets << tokenSecret;
    }

    void kubeconfigsAreExportedWithEachKindOfCredential()
    {
        const QString withToken =
            exportWith(QStringLiteral("token.kubeconfig"), [this](ExportCredentialPage *page) {
                page->choose(ExportCredentialPage::BootstrapToken);
                page->findChild<QLineEdit *>(QStringLiteral("token"))
                    ->setText(id + QLatin1Char('.') + tokenSecret);
            });
        QVERIFY(!withToken.isEmpty());
        QVERIFY(test::readFile(withToken).contains(tokenSecret.toUtf8())); // it is really there
        const QString withCertificate =
            exportWith(QStringLiteral("certificate.kubeconfig"), [](ExportCredentialPage *page) {
                page->choose(ExportCredentialPage::ClientCertificate);
                page->findChild<QLineEdit *>(QStringLiteral("commonName"))
                    ->setText(QStringLiteral("grep-user"));
            });
        QVERIFY(!withCertificate.isEmpty());
        const QString key = credentialIn(withCertificate, "key");
        QVERIFY(key.size() > 100);
        secrets << key;
        const QString withAccount =
            exportWith(QStringLiteral("account.kubeconfig"), [](ExportCredentialPage *page) {
                page->choose(ExportCredentialPage::ServiceAccount);
                page->findChild<QLineEdit *>(QStringLiteral("serviceAccount"))
                    ->setText(QStringLiteral("grep-bot"));
                page->findChild<QCheckBox *>(QStringLiteral("createServiceAccount"))
                    ->setChecked(true);
            });
        QVERIFY(!withAccount.isEmpty());
        const QString token = credentialIn(withAccount, "token");
        QVERIFY(token.size() > 20);
        secrets << token;
    }

    void noSecretIsInAnyLogSettingActivityOrWindow()
    {
        QVERIFY(secrets.size() == 3);
        std::vector<std::pair<QString, QString>> haystacks; // where, what it holds
        haystacks.emplace_back(QStringLiteral("the log"), logged.join(QLatin1Char('\n')));
        QSettings().sync(); // whatever the flows set is on disk
        QDirIterator files(settings.path(), QDir::Files | QDir::Hidden,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString file = files.next();
            haystacks.emplace_back(file, QString::fromUtf8(test::readFile(file)));
        }
        const ActivityLog *activity = on->session->activity();
        QVERIFY(activity->rowCount() >= 3); // the token, the certificate, the account
        QStringList rows;
        for (int row = 0; row < activity->rowCount(); ++row) {
            for (int column = 0; column < activity->columnCount(); ++column) {
                const QModelIndex index = activity->index(row, column);
                rows << index.data().toString() << index.data(Qt::ToolTipRole).toString();
            }
        }
        haystacks.emplace_back(QStringLiteral("the activity log"), rows.join(QLatin1Char('\n')));
        haystacks.emplace_back(QStringLiteral("the windows"), windowTexts.join(QLatin1Char('\n')));
        for (const auto &[where, text] : haystacks) {
            for (const QString &secret : secrets)
                QVERIFY2(!text.contains(secret),
                         qPrintable(QStringLiteral("a secret is in %1").arg(where)));
        }
    }
};

QTEST_MAIN(TestSecretsStayPut)
#include "test_secrets_stay_put.moc"
