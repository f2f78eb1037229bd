#include "export_save_page.h"

#include "atomic_file.h"
#include "clipboard_guard.h"
#include "export_draft.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace kubestrap {

ExportSavePage::ExportSavePage(ExportDraft *draft, QWidget *parent)
    : QWizardPage(parent), draft(draft), path(new QLineEdit(this)), result(new QLabel(this))
{
    setTitle(tr("Save"));
    setSubTitle(tr("Written atomically with mode 0600: only you can read it. Send it the way you "
                   "would send a password."));
    setButtonText(QWizard::FinishButton, tr("&Save"));
    path->setObjectName(QStringLiteral("path"));
    auto *choose = new QPushButton(tr("Bro&wse…"), this);
    auto *copyButton = new QPushButton(tr("&Copy to clipboard instead"), this);
    copyButton->setObjectName(QStringLiteral("copy"));
    // Enter still means Save.
    choose->setAutoDefault(false);
    copyButton->setAutoDefault(false);
    result->setObjectName(QStringLiteral("result"));
    result->setWordWrap(true);
    auto *row = new QHBoxLayout;
    row->addWidget(path, 1);
    row->addWidget(choose);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(copyButton, 0, Qt::AlignLeft);
    layout->addWidget(result);
    layout->addStretch();
    connect(path, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    connect(choose, &QPushButton::clicked, this, &ExportSavePage::browse);
    connect(copyButton, &QPushButton::clicked, this, &ExportSavePage::copy);
}

void ExportSavePage::initializePage()
{
    if (path->text().isEmpty())
        path->setText(QDir::home().filePath(draft->exported->config.currentContext
                                            + QStringLiteral(".kubeconfig")));
    result->clear();
}

bool ExportSavePage::isComplete() const
{
    return !path->text().trimmed().isEmpty() && draft->exported;
}

void ExportSavePage::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Save kubeconfig"), path->text());
    if (!chosen.isEmpty())
        path->setText(chosen);
}

void ExportSavePage::copy()
{
    ClipboardGuard::instance()->copySecret(QString::fromUtf8(draft->exported->yaml));
    draft->saved = true; // handed over: what was made for it stays
    result->setText(tr("Copied. The clipboard is cleared in %1 s.")
                        .arg(ClipboardGuard::instance()->clearAfterSeconds()));
}

bool ExportSavePage::validatePage()
{
    const QString target = path->text().trimmed();
    FileWriteOptions options;
    options.replaceExisting = false;
    if (QFileInfo::exists(target)) {
        if (QMessageBox::question(
                this, tr("Replace file?"),
                tr("%1 exists. Replace it? A copy of it is kept as %1.bak.").arg(target))
            != QMessageBox::Yes)
            return false;
        options.replaceExisting = true;
    }
    const auto report = writeFileAtomically(target, draft->exported->yaml, options);
    if (!report) {
        result->setText(tr("Not saved: %1").arg(report.error().message));
        return false;
    }
    written = report->path;
    draft->saved = true;
    return true;
}

} // namespace kubestrap
