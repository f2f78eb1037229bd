#include "export_review_page.h"

#include "access_review.h"
#include "cluster_connection.h"
#include "export_draft.h"
#include "identity.h"
#include "kubeconfig_store.h"
#include "x509.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QVBoxLayout>

namespace kubestrap {

namespace {

QString untilText(const std::optional<QDateTime> &expires)
{
    if (!expires)
        return QObject::tr("the credential does not say (it lasts until it is revoked)");
    return QLocale().toString(expires->toLocalTime(), QLocale::LongFormat);
}

// The one permission worth checking for each kind of credential.
AccessQuestion questionFor(const ExportDraft &draft)
{
    if (draft.credential && draft.credential->kind == CredentialRequest::Kind::BootstrapToken)
        return {QStringLiteral("create"),
                QStringLiteral("certificates.k8s.io"),
                QStringLiteral("certificatesigningrequests"),
                {},
                {}};
    QString ns = draft.options.namespaceName;
    if (ns.isEmpty() && draft.credential
        && draft.credential->kind == CredentialRequest::Kind::ServiceAccount)
        ns = draft.credential->namespaceName;
    return {QStringLiteral("list"),
            {},
            QStringLiteral("configmaps"),
            ns.isEmpty() ? QStringLiteral("default") : ns,
            {}};
}

} // namespace

ExportReviewPage::ExportReviewPage(ExportDraft *draft, QWidget *parent)
    : QWizardPage(parent), draft(draft), progress(new QLabel(this)), busy(new QProgressBar(this)),
      identity(new QLabel(this)), expires(new QLabel(this)), test(new QLabel(this)),
      yaml(new QPlainTextEdit(this))
{
    setTitle(tr("Review"));
    setSubTitle(tr("The file as it will be written (secrets masked), and a try of it against the "
                   "cluster."));
    progress->setObjectName(QStringLiteral("progress"));
    progress->setWordWrap(true);
    busy->setRange(0, 0);
    identity->setObjectName(QStringLiteral("identity"));
    identity->setWordWrap(true);
    identity->setTextInteractionFlags(Qt::TextSelectableByMouse);
    expires->setObjectName(QStringLiteral("expires"));
    test->setObjectName(QStringLiteral("test"));
    test->setWordWrap(true);
    yaml->setObjectName(QStringLiteral("yaml"));
    yaml->setReadOnly(true);
    yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *facts = new QFormLayout;
    facts->addRow(tr("Who:"), identity);
    facts->addRow(tr("Until:"), expires);
    facts->addRow(tr("Tried:"), test);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(progress);
    layout->addWidget(busy);
    layout->addLayout(facts);
    layout->addWidget(yaml, 1);
}

ExportReviewPage::~ExportReviewPage() = default;

void ExportReviewPage::initializePage()
{
    ++attempt;
    draft->exported.reset();
    draft->issued.reset();
    identity->clear();
    expires->clear();
    test->clear();
    yaml->clear();
    busy->show();
    if (!draft->credential) {
        progress->setText(tr("Embedding the context's own credential…"));
        return build();
    }
    if (!draft->client || draft->client->connection().contextName() != draft->context) {
        auto connection = ClusterConnection::fromKubeconfig(draft->kubeconfigs->kubeconfig().merged,
                                                            draft->context);
        if (!connection)
            return showProblem(connection.error().message);
        if (draft->client)
            draft->retiredClients.push_back(std::move(draft->client));
        draft->client = std::make_unique<ApiClient>(std::move(*connection));
    }
    if (draft->issuer)
        draft->retiredIssuers.push_back(std::move(draft->issuer));
    draft->issuer = std::make_unique<CredentialIssuer>(draft->client.get(), *draft->credential);
    connect(draft->issuer.get(), &CredentialIssuer::progress, progress, &QLabel::setText);
    // The issue may outlive this page (the wizard closed while it undid itself): the draft, kept
    // until then, still logs it.
    draft->issuer->start([page = QPointer<ExportReviewPage>(this), logged = draft,
                          mine = attempt](const Result<IssuedCredential> &credential) {
        logged->logIssue(credential.has_value(),
                         credential ? QString() : credential.error().message);
        if (!page || mine != page->attempt)
            return;
        page->take(credential);
    });
}

void ExportReviewPage::take(const Result<IssuedCredential> &credential)
{
    if (!credential)
        return showProblem(tr("No credential: %1").arg(credential.error().message));
    draft->issued = *credential;
    issued();
}

void ExportReviewPage::issued()
{
    const IssuedCredential &credential = *draft->issued;
    draft->options.credential = ExportCredential{credential.userName, credential.token,
                                                 credential.certificate, credential.privateKey};
    build();
}

void ExportReviewPage::build()
{
    draft->options.context = draft->context;
    if (!draft->credential)
        draft->options.credential.reset();
    auto exported = exportKubeconfig(draft->kubeconfigs->kubeconfig().merged, draft->options);
    if (!exported)
        return showProblem(exported.error().message);
    draft->exported = std::move(*exported);
    yaml->setPlainText(QString::fromUtf8(redactedYaml(draft->exported->config)));
    if (draft->issued) {
        identity->setText(
            draft->issued->identity
            + (draft->issued->groups.isEmpty()
                   ? QString()
                   : tr(" in %1").arg(draft->issued->groups.join(QStringLiteral(", ")))));
        expires->setText(untilText(draft->issued->expires));
    } else {
        const auto &users = draft->exported->config.users;
        std::optional<QDateTime> until;
        if (!users.empty() && !users.begin()->second.clientCertificateData.isEmpty()) {
            if (const auto info = x509::inspect(users.begin()->second.clientCertificateData))
                until = info->notAfter;
        }
        expires->setText(untilText(until));
    }
    QStringList notes = draft->exported->notes;
    if (draft->issued)
        notes = draft->issued->notes + notes;
    progress->setText(notes.isEmpty()
                          ? tr("Ready to save.")
                          : tr("Ready to save. Note: %1").arg(notes.join(QStringLiteral("; "))));
    tryTheFile();
    Q_EMIT completeChanged();
}

void ExportReviewPage::tryTheFile()
{
    auto connection = ClusterConnection::fromKubeconfig(draft->exported->config,
                                                        draft->exported->config.currentContext);
    if (!connection) {
        busy->hide();
        test->setText(tr("cannot try it: %1").arg(connection.error().message));
        return;
    }
    tester = std::make_unique<ApiClient>(std::move(*connection));
    test->setText(tr("connecting with the new file…"));
    findIdentity(*tester, [this, mine = attempt](const Result<Identity> &who) {
        if (mine != attempt)
            return;
        if (!who) {
            busy->hide();
            test->setText(tr("✗ could not use it from here: %1").arg(who.error().message));
            return;
        }
        if (!draft->issued)
            identity->setText(who->username
                              + (who->groups.isEmpty()
                                     ? QString()
                                     : tr(" in %1").arg(who->groups.join(QStringLiteral(", ")))));
        const AccessQuestion question = questionFor(*draft);
        mayI(*tester, question,
             [this, mine, user = who->username, question](const Result<bool> &allowed) {
                 if (mine != attempt)
                     return;
                 busy->hide();
                 const QString can = !allowed
                                         ? tr("could not ask (%1)").arg(allowed.error().message)
                                     : *allowed ? tr("may %1").arg(question.text())
                                                : tr("may not %1").arg(question.text());
                 test->setText(tr("✓ the cluster takes it for %1, who %2").arg(user, can));
             });
    });
}

void ExportReviewPage::showProblem(const QString &problem)
{
    busy->hide();
    progress->setText(problem);
    Q_EMIT completeChanged();
}

void ExportReviewPage::cleanupPage()
{
    ++attempt;
    tester.reset();
    draft->exported.reset();
    draft->issued.reset();
    draft->giveBack();
}

bool ExportReviewPage::isComplete() const
{
    return draft->exported.has_value();
}

} // namespace kubestrap
