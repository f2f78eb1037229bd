#include "bootstrap_wizard.h"

#include "bootstrap_apply.h"
#include "bootstrap_apply_page.h"
#include "bootstrap_cluster_page.h"
#include "bootstrap_draft.h"
#include "bootstrap_finish_page.h"
#include "bootstrap_review_page.h"
#include "cluster_info.h"
#include "token_editor.h"
#include "x509.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTimer>
#include <QVBoxLayout>

#include <map>

namespace kubestrap {

namespace {

QCheckBox *partBox(BootstrapDraft *draft, BootstrapPart part, const QString &text, QWidget *parent)
{
    auto *box = new QCheckBox(text, parent);
    box->setObjectName(partName(part));
    box->setChecked(draft->options.parts.count(part) != 0);
    return box;
}

void choose(BootstrapDraft *draft, BootstrapPart part, bool chosen)
{
    if (chosen)
        draft->options.parts.insert(part);
    else
        draft->options.parts.erase(part);
}

// The token nodes join with: a new one, or (unticked) the one the cluster has.
class TokenPage : public QWizardPage {
public:
    TokenPage(BootstrapDraft *draft, QWidget *parent)
        : QWizardPage(parent), draft(draft),
          create(partBox(draft, BootstrapPart::Token, tr("&Create this bootstrap token"), this)),
          editor(new TokenEditor(this)), existing(new QLabel(this))
    {
        setTitle(tr("Token"));
        setSubTitle(tr("Nodes authenticate with it until they have a certificate; it also signs "
                       "cluster-info. Its groups are the ones the RBAC binds."));
        existing->setWordWrap(true);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(create);
        layout->addWidget(editor);
        layout->addWidget(existing);
        layout->addStretch();
        connect(create, &QCheckBox::toggled, this, &TokenPage::update);
        connect(editor, &TokenEditor::changed, this, &QWizardPage::completeChanged);
        update();
    }
    bool isComplete() const override { return !create->isChecked() || editor->token(); }
    bool validatePage() override
    {
        choose(draft, BootstrapPart::Token, create->isChecked());
        std::optional<BootstrapToken> token;
        if (create->isChecked())
            token = *editor->token();
        else
            token = draft->existingToken;
        // The RBAC binds the groups of the token nodes join with, so that it works for them (a
        // token without extra groups is refused at the review, saying so); with no token yet,
        // the group kubeadm gives its tokens.
        if (token) {
            draft->options.token = *token;
            draft->options.groups = token->extraGroups;
        } else {
            draft->options.groups = {QLatin1String(BootstrapToken::kDefaultGroup)};
        }
        return true;
    }

private:
    void update()
    {
        editor->setEnabled(create->isChecked());
        existing->setText(create->isChecked() || !draft->existingToken
                              ? QString()
                              : tr("Nodes will join with token %1, which the cluster has.")
                                    .arg(draft->existingToken->id));
        Q_EMIT completeChanged();
    }

    BootstrapDraft *draft;
    QCheckBox *create;
    TokenEditor *editor;
    QLabel *existing;
};

// cluster-info as nodes will read it: the bootstrap kubeconfig and the CA pin.
class ClusterInfoPage : public QWizardPage {
public:
    ClusterInfoPage(BootstrapDraft *draft, QWidget *parent)
        : QWizardPage(parent), draft(draft),
          publish(partBox(draft, BootstrapPart::ClusterInfo,
                          tr("&Publish it as kube-public/cluster-info"), this)),
          pin(new QLabel(this)), kubeconfig(new QPlainTextEdit(this))
    {
        setTitle(tr("cluster-info"));
        setSubTitle(tr("What a joining node reads before it trusts anything; the cluster signs it "
                       "with each signing token."));
        pin->setObjectName(QStringLiteral("caPin"));
        pin->setTextInteractionFlags(Qt::TextSelectableByMouse);
        kubeconfig->setObjectName(QStringLiteral("kubeconfig"));
        kubeconfig->setReadOnly(true);
        kubeconfig->setLineWrapMode(QPlainTextEdit::NoWrap);
        kubeconfig->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(publish);
        layout->addWidget(pin);
        layout->addWidget(kubeconfig, 1);
    }
    void initializePage() override
    {
        kubeconfig->setPlainText(QString::fromUtf8(
            clusterInfoKubeconfig(draft->options.server, draft->options.certificateAuthority)));
        // The pin of the bundle's first certificate, as kubeadm join checks it.
        const auto hash = x509::publicKeyPin(draft->options.certificateAuthority);
        pin->setText(tr("CA pin: %1").arg(hash ? *hash : QString()));
    }
    bool validatePage() override
    {
        choose(draft, BootstrapPart::ClusterInfo, publish->isChecked());
        return true;
    }

private:
    BootstrapDraft *draft;
    QCheckBox *publish;
    QLabel *pin;
    QPlainTextEdit *kubeconfig;
};

// The RBAC parts, one line each on what it allows.
class RbacPage : public QWizardPage {
public:
    RbacPage(BootstrapDraft *draft, QWidget *parent) : QWizardPage(parent), draft(draft)
    {
        setTitle(tr("RBAC"));
        setSubTitle(tr("What joining nodes, and nodes later, are allowed to do."));
        auto *layout = new QVBoxLayout(this);
        for (BootstrapPart part : {BootstrapPart::AnonymousRead, BootstrapPart::NodeBootstrapper,
                                   BootstrapPart::GetNodes, BootstrapPart::AutoApproveFirst,
                                   BootstrapPart::AutoApproveRenewals}) {
            QString text = describe(part);
            text[0] = text[0].toUpper();
            boxes[part] = partBox(draft, part, text, this);
            layout->addWidget(boxes[part]);
        }
        layout->addStretch();
    }
    bool validatePage() override
    {
        for (const auto &[part, box] : boxes)
            choose(draft, part, box->isChecked());
        return true;
    }

private:
    BootstrapDraft *draft;
    std::map<BootstrapPart, QCheckBox *> boxes;
};

} // namespace

BootstrapWizard::BootstrapWizard(ClusterSession *session,
                                 std::optional<std::set<BootstrapPart>> parts,
                                 std::optional<BootstrapToken> existingToken, QWidget *parent)
    : QWizard(parent), draft(std::make_unique<BootstrapDraft>())
{
    draft->session = session;
    draft->existingToken = std::move(existingToken);
    if (parts) {
        draft->options.parts = *parts;
    } else {
        for (BootstrapPart part : allBootstrapParts())
            draft->options.parts.insert(part);
    }
    setWindowTitle(tr("Set up TLS bootstrap"));
    setObjectName(QStringLiteral("bootstrapWizard"));
    setPage(ClusterPage, new BootstrapClusterPage(draft.get(), this));
    setPage(TokenPage, new class TokenPage(draft.get(), this));
    setPage(ClusterInfoPage, new class ClusterInfoPage(draft.get(), this));
    setPage(RbacPage, new class RbacPage(draft.get(), this));
    setPage(ReviewPage, new BootstrapReviewPage(draft.get(), this));
    setPage(ApplyPage, new BootstrapApplyPage(draft.get(), this));
    setPage(FinishPage, new BootstrapFinishPage(draft.get(), this));
    resize(760, 580);
}

BootstrapWizard::~BootstrapWizard() = default;

bool BootstrapWizard::applied() const
{
    return draft->applied;
}

void BootstrapWizard::reject()
{
    auto *apply = static_cast<BootstrapApplyPage *>(page(ApplyPage));
    if (!apply->running())
        return QWizard::reject();
    // Stop, let the rollback finish, then close: nothing is left half-done. A rollback still going
    // after 5 s (a server gone quiet) goes on without the wizard; it ends in the activity log.
    if (!closing) {
        closing = true;
        closingSince.start();
        setEnabled(false);
        apply->cancel();
    }
    if (closingSince.hasExpired(5000))
        return QWizard::reject();
    QTimer::singleShot(50, this, &BootstrapWizard::reject);
}

} // namespace kubestrap
