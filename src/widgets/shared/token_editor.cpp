#include "token_editor.h"

#include "human_duration.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace kubestrap {

TokenEditor::TokenEditor(QWidget *parent)
    : QWidget(parent), tokenEdit(new QLineEdit(this)), ttlEdit(new QLineEdit(this)),
      descriptionEdit(new QLineEdit(this)),
      authentication(new QCheckBox(tr("&Authentication: nodes join with it"), this)),
      signing(new QCheckBox(tr("&Signing: it signs cluster-info"), this)),
      groupsEdit(new QLineEdit(this)), problem(new QLabel(this))
{
    tokenEdit->setObjectName(QStringLiteral("token"));
    ttlEdit->setObjectName(QStringLiteral("ttl"));
    descriptionEdit->setObjectName(QStringLiteral("description"));
    groupsEdit->setObjectName(QStringLiteral("groups"));
    problem->setObjectName(QStringLiteral("problem"));
    authentication->setChecked(true);
    signing->setChecked(true);
    ttlEdit->setText(QStringLiteral("24h"));
    ttlEdit->setToolTip(
        tr("A duration such as 24h, 90m or 1h30m; 0 for a token that never expires."));
    groupsEdit->setText(QLatin1String(BootstrapToken::kDefaultGroup));
    groupsEdit->setToolTip(tr("Comma-separated; each must start with system:bootstrappers:."));
    if (const auto generated = BootstrapToken::generate(QDateTime::currentDateTimeUtc()))
        tokenEdit->setText(generated->token());

    auto *regenerate = new QToolButton(this);
    regenerate->setText(tr("New"));
    regenerate->setToolTip(tr("Generate another random token"));
    connect(regenerate, &QToolButton::clicked, this, [this] {
        if (const auto generated = BootstrapToken::generate(QDateTime::currentDateTimeUtc()))
            tokenEdit->setText(generated->token());
    });
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(tokenEdit);
    tokenRow->addWidget(regenerate);

    auto *form = new QFormLayout;
    form->addRow(tr("&Token:"), tokenRow);
    form->addRow(tr("&Expires after:"), ttlEdit);
    form->addRow(tr("&Description:"), descriptionEdit);
    form->addRow(tr("Usages:"), authentication);
    form->addRow(QString(), signing);
    form->addRow(tr("Extra &groups:"), groupsEdit);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    problem->setWordWrap(true);
    layout->addWidget(problem);
    for (QLineEdit *edit : {tokenEdit, ttlEdit, descriptionEdit, groupsEdit})
        connect(edit, &QLineEdit::textChanged, this, &TokenEditor::validate);
    connect(authentication, &QCheckBox::toggled, this, &TokenEditor::validate);
    connect(signing, &QCheckBox::toggled, this, &TokenEditor::validate);
    validate();
}

void TokenEditor::setToken(const BootstrapToken &token)
{
    tokenEdit->setText(token.token());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    ttlEdit->setText(token.expiration ? QStringLiteral("%1s").arg(
                         std::max<qint64>(now.secsTo(*token.expiration), 1))
                                      : QStringLiteral("0"));
    descriptionEdit->setText(token.description);
    authentication->setChecked(token.usages.contains(QStringLiteral("authentication")));
    signing->setChecked(token.usages.contains(QStringLiteral("signing")));
    groupsEdit->setText(token.extraGroups.join(QStringLiteral(", ")));
}

Result<BootstrapToken> TokenEditor::token() const
{
    auto token = BootstrapToken::parse(tokenEdit->text().trimmed());
    if (!token)
        return token;
    const auto ttl = parseGoDuration(ttlEdit->text());
    if (!ttl)
        return unexpected(ttl.error());
    if (*ttl < 0)
        return fail(tr("A token cannot expire in the past."));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    token->expiration = *ttl ? std::optional(now.addSecs(*ttl)) : std::nullopt;
    token->description = descriptionEdit->text();
    if (authentication->isChecked())
        token->usages << QStringLiteral("authentication");
    if (signing->isChecked())
        token->usages << QStringLiteral("signing");
    if (token->usages.isEmpty())
        return fail(tr("Choose at least one usage."));
    token->extraGroups = groupsEdit->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &group : token->extraGroups) {
        group = group.trimmed();
        if (const QString problem = bootstrapGroupProblem(group); !problem.isEmpty())
            return fail(problem);
    }
    return token;
}

void TokenEditor::validate()
{
    const auto result = token();
    Q_EMIT changed();
    if (!result) {
        problem->setText(result.error().message);
        return;
    }
    problem->setText(result->expiration
                         ? tr("Expires %1.").arg(result->expiration->toString(Qt::ISODate))
                         : tr("Warning: this token never expires; whoever holds it can join "
                              "nodes until it is deleted."));
}

} // namespace kubestrap
