#include "token_dialog.h"

#include "token_editor.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace kubestrap {

TokenDialog::TokenDialog(QWidget *parent)
    : QDialog(parent), editor(new TokenEditor(this)),
      buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Create bootstrap token"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(editor);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto enableOk = [this] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(editor->token().has_value());
    };
    connect(editor, &TokenEditor::changed, this, enableOk);
    enableOk();
}

Result<BootstrapToken> TokenDialog::token() const
{
    return editor->token();
}

} // namespace kubestrap
