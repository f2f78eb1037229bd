#include "export_wizard.h"

#include "export_credential_page.h"
#include "export_draft.h"
#include "export_review_page.h"
#include "export_save_page.h"
#include "kubeconfig_store.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>

namespace kubestrap {

namespace {

// The context to export, from the merged kubeconfig.
class ContextPage : public QWizardPage {
public:
    ContextPage(ExportDraft *draft, const QString &context, QWidget *parent)
        : QWizardPage(parent), draft(draft), contexts(new QComboBox(this))
    {
        setTitle(tr("Context"));
        setSubTitle(tr("The cluster the file is for, and where its credential comes from."));
        contexts->setObjectName(QStringLiteral("context"));
        for (const auto &[name, ignored] : draft->kubeconfigs->kubeconfig().merged.contexts)
            contexts->addItem(name);
        contexts->setCurrentText(context);
        auto *layout = new QFormLayout(this);
        layout->addRow(tr("C&ontext:"), contexts);
    }
    bool isComplete() const override { return contexts->currentIndex() >= 0; }
    bool validatePage() override
    {
        draft->context = contexts->currentText();
        return true;
    }

private:
    ExportDraft *draft;
    QComboBox *contexts;
};

// How the file names and reaches things: the context's name, its namespace, the server's URL.
class OptionsPage : public QWizardPage {
public:
    OptionsPage(ExportDraft *draft, QWidget *parent)
        : QWizardPage(parent), draft(draft), name(new QLineEdit(this)),
          namespaceName(new QLineEdit(this)), server(new QLineEdit(this))
    {
        setTitle(tr("Options"));
        setSubTitle(tr("Every certificate and key is embedded: the file stands alone."));
        name->setObjectName(QStringLiteral("contextName"));
        namespaceName->setObjectName(QStringLiteral("namespace"));
        namespaceName->setPlaceholderText(tr("the context's own"));
        server->setObjectName(QStringLiteral("server"));
        server->setPlaceholderText(tr("as this kubeconfig reaches it"));
        auto *layout = new QFormLayout(this);
        layout->addRow(tr("Context n&ame in the file:"), name);
        layout->addRow(tr("Default names&pace:"), namespaceName);
        layout->addRow(tr("API &server URL as the recipient reaches it:"), server);
    }
    void initializePage() override
    {
        name->setText(draft->context);
        const auto &merged = draft->kubeconfigs->kubeconfig().merged;
        const auto context = merged.contexts.find(draft->context);
        if (context != merged.contexts.end()) {
            const auto cluster = merged.clusters.find(context->second.cluster);
            server->setText(cluster == merged.clusters.end() ? QString() : cluster->second.server);
            namespaceName->setText(context->second.namespaceName);
        }
        // A service account's file starts in the account's namespace.
        if (draft->credential && draft->credential->kind == CredentialRequest::Kind::ServiceAccount)
            namespaceName->setText(draft->credential->namespaceName);
    }
    bool validatePage() override
    {
        draft->options.renameTo = name->text().trimmed();
        draft->options.namespaceName = namespaceName->text().trimmed();
        draft->options.server = server->text().trimmed();
        return true;
    }

private:
    ExportDraft *draft;
    QLineEdit *name;
    QLineEdit *namespaceName;
    QLineEdit *server;
};

} // namespace

KubeconfigExportWizard::KubeconfigExportWizard(KubeconfigStore *kubeconfigs, const QString &context,
                                               ActivityLog *activity, QWidget *parent)
    : QWizard(parent), draft(std::make_shared<ExportDraft>())
{
    draft->kubeconfigs = kubeconfigs;
    draft->activity = activity;
    setWindowTitle(tr("Export kubeconfig"));
    setObjectName(QStringLiteral("exportWizard"));
    setPage(ContextPage, new class ContextPage(draft.get(), context, this));
    setPage(CredentialPage, new ExportCredentialPage(draft.get(), this));
    setPage(OptionsPage, new class OptionsPage(draft.get(), this));
    setPage(ReviewPage, new ExportReviewPage(draft.get(), this));
    setPage(SavePage, new ExportSavePage(draft.get(), this));
    resize(720, 560);
}

KubeconfigExportWizard::~KubeconfigExportWizard() = default;

QString KubeconfigExportWizard::savedTo() const
{
    return static_cast<ExportSavePage *>(page(SavePage))->savedTo();
}

void KubeconfigExportWizard::reject()
{
    if (draft->saved || (!draft->issuer && !draft->busy()))
        return QWizard::reject();
    if (!closing) {
        // Give the credential back before closing: nothing made for an unsaved file stays.
        closing = true;
        closingSince.start();
        setEnabled(false);
        draft->giveBack();
    }
    // A running issue undoes itself when it sees the cancel; wait for every undo to end, for up
    // to 5 s. Past that (a server gone quiet) the draft, its clients and issuers go on without
    // the wizard until they are done, and what they did ends in the activity log.
    if (draft->busy() && !closingSince.hasExpired(5000))
        return QTimer::singleShot(50, this, &KubeconfigExportWizard::reject);
    if (draft->busy()) {
        auto *keeper = new QTimer(QCoreApplication::instance());
        connect(keeper, &QTimer::timeout, keeper, [keeper, kept = draft] {
            if (!kept->busy())
                keeper->deleteLater();
        });
        keeper->start(100);
    }
    QWizard::reject();
}

} // namespace kubestrap
