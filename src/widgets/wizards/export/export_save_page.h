#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;

namespace kubestrap {

struct ExportDraft;

// The export wizard's last step: the file to write (atomically, mode 0600; an existing file only
// replaced when the user says so, with a backup), or the clipboard (cleared after a while).
class ExportSavePage : public QWizardPage {
    Q_OBJECT

public:
    ExportSavePage(ExportDraft *draft, QWidget *parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;
    // Writes the file; false (and why, on the page) when it cannot.
    bool validatePage() override;

    QString savedTo() const { return written; }

private:
    void browse();
    void copy();

    ExportDraft *draft;
    QLineEdit *path;
    QLabel *result;
    QString written;
};

} // namespace kubestrap
