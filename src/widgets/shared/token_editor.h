#pragma once

#include "bootstrap_token.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace kubestrap {

// A bootstrap token's fields: a generated token (or one typed in), its lifetime, description,
// usages and extra groups, with kubeadm's defaults, checked as they are typed. The Tokens panel's
// create dialog and the bootstrap wizard's token page both hold one.
class TokenEditor : public QWidget {
    Q_OBJECT

public:
    explicit TokenEditor(QWidget *parent = nullptr);

    // The token as entered, or what is wrong with it.
    Result<BootstrapToken> token() const;
    // Fills the fields from `token` (its lifetime counted from now).
    void setToken(const BootstrapToken &token);

Q_SIGNALS:
    void changed();

private:
    void validate();

    QLineEdit *tokenEdit;
    QLineEdit *ttlEdit;
    QLineEdit *descriptionEdit;
    QCheckBox *authentication;
    QCheckBox *signing;
    QLineEdit *groupsEdit;
    QLabel *problem;
};

} // namespace kubestrap
