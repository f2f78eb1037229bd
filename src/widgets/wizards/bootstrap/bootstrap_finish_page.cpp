#include "bootstrap_finish_page.h"

#include "atomic_file.h"
#include "bootstrap_draft.h"
#include "clipboard_guard.h"
#include "join_command.h"
#include "x509.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace kubestrap {

BootstrapFinishPage::BootstrapFinishPage(BootstrapDraft *draft, QWidget *parent)
    : QWizardPage(parent), draft(draft), join(new QLabel(this)), pin(new QLabel(this)),
      saved(new QLabel(this))
{
    setTitle(tr("Nodes can join"));
    setSubTitle(tr("Run the join command on each new node. It holds the token: share it as you "
                   "would a password."));
    join->setObjectName(QStringLiteral("joinCommand"));
    join->setWordWrap(true);
    join->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    pin->setObjectName(QStringLiteral("caPin"));
    pin->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pin->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    saved->setObjectName(QStringLiteral("saved"));
    saved->setWordWrap(true);
    // What needs a token sits together, disabled when there is none.
    auto *tokenActions = new QWidget(this);
    tokenActions->setObjectName(QStringLiteral("tokenActions"));
    auto *copyJoin = new QPushButton(tr("Copy the &join command"), tokenActions);
    copyJoin->setObjectName(QStringLiteral("copyJoin"));
    auto *copyToken = new QPushButton(tr("Copy the &token"), tokenActions);
    copyToken->setObjectName(QStringLiteral("copyToken"));
    auto *copyPin = new QPushButton(tr("Copy the CA &pin"), this);
    auto *exportButton = new QPushButton(tr("&Save the bootstrap kubeconfig…"), tokenActions);
    exportButton->setObjectName(QStringLiteral("saveKubeconfig"));
    // Enter still means Finish: these act only when clicked or chosen by their letter.
    for (QPushButton *button : {copyJoin, copyToken, copyPin, exportButton})
        button->setAutoDefault(false);
    auto *tokenButtons = new QHBoxLayout(tokenActions);
    tokenButtons->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *button : {copyJoin, copyToken, exportButton})
        tokenButtons->addWidget(button);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(tokenActions);
    buttons->addWidget(copyPin);
    buttons->addStretch();
    auto *form = new QFormLayout;
    form->addRow(tr("Join:"), join);
    form->addRow(tr("CA pin:"), pin);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(saved);
    layout->addStretch();

    connect(copyJoin, &QPushButton::clicked, this,
            [this] { ClipboardGuard::instance()->copySecret(command); });
    connect(copyToken, &QPushButton::clicked, this, [this] {
        if (const auto token = this->draft->joinToken())
            ClipboardGuard::instance()->copySecret(token->token());
    });
    connect(copyPin, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(pin->text()); });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save the bootstrap kubeconfig"),
            QDir::home().filePath(QStringLiteral("bootstrap-kubelet.conf")));
        if (path.isEmpty())
            return;
        const auto written = saveBootstrapKubeconfig(path);
        saved->setText(written ? tr("Saved to %1 (mode 0600).").arg(*written)
                               : tr("Not saved: %1").arg(written.error().message));
    });
}

void BootstrapFinishPage::initializePage()
{
    const auto hash = x509::publicKeyPin(draft->options.certificateAuthority);
    pin->setText(hash ? *hash : QString());
    const auto token = draft->joinToken();
    findChild<QWidget *>(QStringLiteral("tokenActions"))->setEnabled(token.has_value());
    command.clear();
    if (!token) {
        join->setText(tr("No token can join yet: create one in the Tokens panel."));
    } else if (const auto joined = joinCommand(QUrl(draft->options.server), token->token(),
                                               draft->options.certificateAuthority)) {
        command = *joined;
        join->setText(QString(command).replace(token->secret, QStringLiteral("<secret>")));
    } else {
        join->setText(joined.error().message);
    }
}

Result<QString> BootstrapFinishPage::saveBootstrapKubeconfig(const QString &path) const
{
    const auto token = draft->joinToken();
    if (!token)
        return fail(tr("there is no token to put in it"));
    FileWriteOptions options;
    options.replaceExisting = false;
    const auto written = writeFileAtomically(
        path,
        bootstrapKubeletKubeconfig(draft->options.server, draft->options.certificateAuthority,
                                   token->token()),
        options);
    if (!written)
        return unexpected(written.error());
    return written->path;
}

} // namespace kubestrap
