#pragma once

#include "credential_issuer.h"
#include "error.h"

#include <QWizardPage>

#include <optional>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;

namespace kubestrap {

struct ExportDraft;

// The export wizard's choice of credential: keep the context's own, a bootstrap token, a new
// client certificate, or a service-account token; each with its fields, checked as typed.
class ExportCredentialPage : public QWizardPage {
    Q_OBJECT

public:
    enum Choice { Keep, BootstrapToken, ClientCertificate, ServiceAccount };

    ExportCredentialPage(ExportDraft *draft, QWidget *parent = nullptr);

    void choose(Choice choice);
    // The credential the fields ask for (none: keep), or what is wrong with them.
    Result<std::optional<CredentialRequest>> request() const;

    bool isComplete() const override;
    bool validatePage() override;

private:
    QWidget *prepareFields();
    void check();

    ExportDraft *draft;
    QButtonGroup *choices;
    QStackedWidget *fields;
    QLineEdit *token;
    QLineEdit *commonName;
    QLineEdit *groups;
    QComboBox *keyType;
    QLineEdit *serviceAccountNamespace;
    QLineEdit *serviceAccount;
    QCheckBox *createServiceAccount;
    QComboBox *bindKind;
    QComboBox *bindRole;
    QLineEdit *expiration;
    // What the holder of a new certificate should know: its lifetime, and the consent a group
    // that bypasses RBAC needs.
    QLabel *lifetime;
    QLabel *privilegedWarning;
    QCheckBox *allowPrivileged;
    QLabel *problem;
};

} // namespace kubestrap
