#include "export_credential_page.h"

#include "certificate_risks.h"
#include "export_draft.h"
#include "human_duration.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace kubestrap {

namespace {

// A note the command-line tool prints after "note:", as a label's sentence.
QString asSentence(QString note)
{
    if (!note.isEmpty())
        note[0] = note[0].toUpper();
    return note;
}

QStringList listed(const QLineEdit *edit)
{
    QStringList items;
    for (const QString &item : edit->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        items << item.trimmed();
    return items;
}

QWidget *form(QWidget *parent, const std::vector<std::pair<QString, QWidget *>> &rows)
{
    auto *page = new QWidget(parent);
    auto *layout = new QFormLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    for (const auto &[label, field] : rows)
        layout->addRow(label, field);
    return page;
}

} // namespace

ExportCredentialPage::ExportCredentialPage(ExportDraft *draft, QWidget *parent)
    : QWizardPage(parent), draft(draft), choices(new QButtonGroup(this)),
      fields(new QStackedWidget(this)), token(new QLineEdit(this)), commonName(new QLineEdit(this)),
      groups(new QLineEdit(this)), keyType(new QComboBox(this)),
      serviceAccountNamespace(new QLineEdit(this)), serviceAccount(new QLineEdit(this)),
      createServiceAccount(new QCheckBox(tr("&Create it if it does not exist"), this)),
      bindKind(new QComboBox(this)), bindRole(new QComboBox(this)), expiration(new QLineEdit(this)),
      lifetime(new QLabel(this)), privilegedWarning(new QLabel(this)),
      allowPrivileged(new QCheckBox(
          tr("I &understand: this certificate bypasses RBAC and cannot be revoked"), this)),
      problem(new QLabel(this))
{
    setTitle(tr("Credential"));
    setSubTitle(tr("What the file's holder authenticates with."));
    const std::pair<Choice, QString> options[] = {
        {Keep, tr("&Keep the context's own credential (embedded, so the file stands alone)")},
        {BootstrapToken, tr("A bootstrap t&oken (for a joining node's kubelet)")},
        {ClientCertificate, tr("A new client c&ertificate (key made here, signed by the cluster)")},
        {ServiceAccount, tr("A &service-account token")}};
    auto *layout = new QVBoxLayout(this);
    for (const auto &[id, text] : options) {
        auto *button = new QRadioButton(text, this);
        button->setObjectName(QStringLiteral("choice%1").arg(int(id)));
        choices->addButton(button, id);
        layout->addWidget(button);
    }
    QWidget *binding = prepareFields();

    fields->addWidget(new QLabel(tr("The file will hold your credential for this context, with "
                                    "every certificate and key embedded."),
                                 this));
    fields->addWidget(form(this, {{tr("&Token:"), token}}));
    fields->addWidget(form(this, {{tr("&User (CN):"), commonName},
                                  {tr("&Groups (O):"), groups},
                                  {tr("Key t&ype:"), keyType}}));
    fields->addWidget(form(this, {{tr("Names&pace:"), serviceAccountNamespace},
                                  {tr("Service &account:"), serviceAccount},
                                  {QString(), createServiceAccount},
                                  {tr("B&ind to:"), binding}}));
    fields->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    layout->addWidget(fields);
    auto *lasting = new QFormLayout;
    lasting->addRow(tr("Valid &for:"), expiration);
    lasting->addRow(QString(), lifetime);
    layout->addLayout(lasting);
    layout->addWidget(privilegedWarning);
    layout->addWidget(allowPrivileged);
    layout->addStretch();
    layout->addWidget(problem);

    connect(choices, &QButtonGroup::idClicked, this, [this](int id) {
        fields->setCurrentIndex(id);
        check();
    });
    for (QLineEdit *edit :
         {token, commonName, groups, serviceAccountNamespace, serviceAccount, expiration})
        connect(edit, &QLineEdit::textChanged, this, &ExportCredentialPage::check);
    connect(allowPrivileged, &QCheckBox::toggled, this, &ExportCredentialPage::check);
    choose(Keep);
}

// Names, hints and choices of the fields; the row that binds a service account is returned, for
// the form.
QWidget *ExportCredentialPage::prepareFields()
{
    token->setObjectName(QStringLiteral("token"));
    token->setEchoMode(QLineEdit::PasswordEchoOnEdit); // a token's secret is not shown at rest
    token->setPlaceholderText(tr("a new one, or abcdef.0123456789abcdef"));
    commonName->setObjectName(QStringLiteral("commonName"));
    commonName->setPlaceholderText(tr("the user name, e.g. alice"));
    groups->setObjectName(QStringLiteral("groups"));
    groups->setPlaceholderText(tr("comma-separated, e.g. devs, ops"));
    keyType->setObjectName(QStringLiteral("keyType"));
    keyType->addItem(tr("ECDSA P-256"), int(x509::KeyType::EcdsaP256));
    keyType->addItem(tr("RSA 2048"), int(x509::KeyType::Rsa2048));
    keyType->addItem(tr("RSA 4096"), int(x509::KeyType::Rsa4096));
    serviceAccountNamespace->setObjectName(QStringLiteral("serviceAccountNamespace"));
    serviceAccountNamespace->setText(QStringLiteral("default"));
    serviceAccount->setObjectName(QStringLiteral("serviceAccount"));
    createServiceAccount->setObjectName(QStringLiteral("createServiceAccount"));
    bindKind->setObjectName(QStringLiteral("bindKind"));
    bindKind->addItem(tr("ClusterRole, everywhere"));
    bindKind->addItem(tr("Role, in its namespace"));
    bindRole->setObjectName(QStringLiteral("bindRole"));
    bindRole->setEditable(true);
    bindRole->addItems(
        {QString(), QStringLiteral("view"), QStringLiteral("edit"), QStringLiteral("admin")});
    bindRole->lineEdit()->setPlaceholderText(tr("none: no binding is made"));
    auto *binding = new QWidget(this);
    auto *bindingRow = new QHBoxLayout(binding);
    bindingRow->setContentsMargins(0, 0, 0, 0);
    bindingRow->addWidget(bindKind);
    bindingRow->addWidget(bindRole, 1);
    expiration->setObjectName(QStringLiteral("expiration"));
    expiration->setPlaceholderText(tr("the default; or 24h, 90m, 30d"));
    problem->setObjectName(QStringLiteral("problem"));
    problem->setWordWrap(true);
    lifetime->setObjectName(QStringLiteral("lifetime"));
    lifetime->setWordWrap(true);
    privilegedWarning->setObjectName(QStringLiteral("privilegedWarning"));
    privilegedWarning->setWordWrap(true);
    allowPrivileged->setObjectName(QStringLiteral("allowPrivileged"));
    return binding;
}

void ExportCredentialPage::choose(Choice choice)
{
    choices->button(choice)->setChecked(true);
    fields->setCurrentIndex(choice);
    check();
}

Result<std::optional<CredentialRequest>> ExportCredentialPage::request() const
{
    const auto choice = Choice(choices->checkedId());
    CredentialRequest request;
    if (!expiration->text().trimmed().isEmpty()) {
        if (choice == Keep)
            return fail(tr("the context's own credential lasts as long as it lasts: choose a new "
                           "one to set how long"));
        const auto seconds = parseGoDuration(expiration->text().trimmed());
        if (!seconds || *seconds <= 0)
            return fail(
                tr("'%1' is not a duration such as 24h or 90m").arg(expiration->text().trimmed()));
        request.expiration = std::chrono::seconds(*seconds);
    }
    switch (choice) {
    case Keep:
        return std::optional<CredentialRequest>();
    case BootstrapToken:
        request.kind = CredentialRequest::Kind::BootstrapToken;
        if (!token->text().trimmed().isEmpty()) {
            auto given = BootstrapToken::parse(token->text().trimmed());
            if (!given)
                return unexpected(given.error());
            given->usages = {QStringLiteral("authentication"), QStringLiteral("signing")};
            given->extraGroups = {QLatin1String(BootstrapToken::kDefaultGroup)};
            given->expiration = QDateTime::currentDateTimeUtc().addSecs(
                request.expiration.count() ? request.expiration.count() : 24 * 3600);
            request.token = *given;
        }
        break;
    case ClientCertificate:
        request.kind = CredentialRequest::Kind::ClientCertificate;
        request.commonName = commonName->text().trimmed();
        if (request.commonName.isEmpty())
            return fail(tr("name the user the certificate is for"));
        request.groups = listed(groups);
        request.keyType = x509::KeyType(keyType->currentData().toInt());
        if (!groupsThatBypassRbac(request.groups).isEmpty() && !allowPrivileged->isChecked())
            return fail(tr("confirm that you want a certificate that bypasses RBAC, or choose "
                           "other groups"));
        applyDefaultLifetime(request);
        break;
    case ServiceAccount:
        request.kind = CredentialRequest::Kind::ServiceAccount;
        request.namespaceName = serviceAccountNamespace->text().trimmed();
        request.serviceAccount = serviceAccount->text().trimmed();
        if (request.namespaceName.isEmpty() || request.serviceAccount.isEmpty())
            return fail(tr("name the service account and its namespace"));
        request.createServiceAccount = createServiceAccount->isChecked();
        (bindKind->currentIndex() == 0 ? request.bindClusterRole : request.bindRole) =
            bindRole->currentText().trimmed();
        break;
    }
    return std::optional<CredentialRequest>(request);
}

void ExportCredentialPage::check()
{
    const auto asked = request();
    problem->setText(asked ? QString() : asked.error().message);
    const bool certificate = Choice(choices->checkedId()) == ClientCertificate;
    const QStringList privileged =
        certificate ? groupsThatBypassRbac(listed(groups)) : QStringList();
    privilegedWarning->setVisible(!privileged.isEmpty());
    allowPrivileged->setVisible(!privileged.isEmpty());
    if (!privileged.isEmpty())
        privilegedWarning->setText(QStringLiteral("⚠ ")
                                   + asSentence(privilegedGroupsWarning(privileged)));
    else
        allowPrivileged->setChecked(false);
    // Said while the fields are still being filled in, from what the lifetime field says.
    lifetime->setVisible(certificate);
    if (certificate) {
        CredentialRequest lasting;
        const auto seconds = parseGoDuration(expiration->text().trimmed());
        lasting.expiration = std::chrono::seconds(seconds && *seconds > 0 ? *seconds : 0);
        const bool defaulted = applyDefaultLifetime(lasting);
        lifetime->setText(asSentence(lifetimeNote(lasting, defaulted)) + QLatin1Char('.'));
    }
    Q_EMIT completeChanged();
}

bool ExportCredentialPage::isComplete() const
{
    return request().has_value();
}

bool ExportCredentialPage::validatePage()
{
    auto asked = request();
    if (!asked)
        return false;
    draft->credential = *asked;
    return true;
}

} // namespace kubestrap
