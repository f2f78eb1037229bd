#pragma once

#include "error.h"

#include <QWizardPage>

class QLabel;

namespace kubestrap {

struct BootstrapDraft;

// The bootstrap wizard's end: the join command (its secret masked, copied whole), the CA pin,
// and the bootstrap kubeconfig a kubelet can start with, to copy or save.
class BootstrapFinishPage : public QWizardPage {
    Q_OBJECT

public:
    BootstrapFinishPage(BootstrapDraft *draft, QWidget *parent = nullptr);

    void initializePage() override;

    // The kubelet's bootstrap kubeconfig written to `path` (0600, an existing file refused).
    Result<QString> saveBootstrapKubeconfig(const QString &path) const;

private:
    BootstrapDraft *draft;
    QLabel *join;
    QLabel *pin;
    QLabel *saved;
    QString command;
};

} // namespace kubestrap
