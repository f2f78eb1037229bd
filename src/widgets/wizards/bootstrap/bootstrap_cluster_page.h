#pragma once

#include <QWizardPage>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace kubestrap {

struct BootstrapDraft;

// The bootstrap wizard's first page: the cluster (or offline: files), the API server URL nodes
// will use, and the CA they will pin: the kubeconfig's, a file's, or the one the server presents.
class BootstrapClusterPage : public QWizardPage {
    Q_OBJECT

public:
    enum CaSource { FromKubeconfig, FromFile, FromServer };

    BootstrapClusterPage(BootstrapDraft *draft, QWidget *parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    void chooseCa(CaSource source);

private:
    // Shows the session's cluster: where it applies, its server, its CA.
    void showSession();
    void loadCa();
    void showCa(const QByteArray &pem, const QString &from);
    QString problem() const;

    BootstrapDraft *draft;
    QComboBox *context;
    QLabel *where;
    QCheckBox *offline;
    QLineEdit *server;
    QButtonGroup *caSource;
    QLineEdit *caFile;
    QLabel *caDetails;
    QLabel *problemText;
    QByteArray ca;
    QString caError;
};

} // namespace kubestrap
