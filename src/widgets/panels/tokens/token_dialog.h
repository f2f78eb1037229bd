#pragma once

#include "bootstrap_token.h"

#include <QDialog>

class QDialogButtonBox;

namespace kubestrap {

class TokenEditor;

// Create a bootstrap token: a generated token (or one typed in), its lifetime, description,
// usages and extra groups, each checked as it is typed, with kubeadm's defaults.
class TokenDialog : public QDialog {
    Q_OBJECT

public:
    explicit TokenDialog(QWidget *parent = nullptr);

    // The token as entered; only meaningful when the dialog is accepted (OK is enabled only then).
    Result<BootstrapToken> token() const;

private:
    TokenEditor *editor;
    QDialogButtonBox *buttons;
};

} // namespace kubestrap
