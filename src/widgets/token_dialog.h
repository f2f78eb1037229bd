#pragma once

#include "bootstrap_token.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace kubestrap {

// Create a bootstrap token: a generated token (or one typed in), its lifetime, description,
// usages and extra groups, each checked as it is typed, with kubeadm's defaults.
class TokenDialog : public QDialog {
    Q_OBJECT

public:
    explicit TokenDialog(QWidget *parent = nullptr);

    // The token as entered; only meaningful when the dialog is accepted (OK is enabled only then).
    Result<BootstrapToken> token() const;

private:
    void validate();

    QLineEdit *tokenEdit;
    QLineEdit *ttlEdit;
    QLineEdit *descriptionEdit;
    QCheckBox *authentication;
    QCheckBox *signing;
    QLineEdit *groupsEdit;
    QLabel *problem;
    QDialogButtonBox *buttons;
};

} // namespace kubestrap
