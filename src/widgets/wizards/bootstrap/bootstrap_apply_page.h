#pragma once

#include <QWizardPage>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace kubestrap {

struct ApplyStep;
struct BootstrapDraft;

// The bootstrap wizard's apply step: each object's progress as the cluster takes it, a Cancel
// that stops and rolls back what was done; offline, the files written.
class BootstrapApplyPage : public QWizardPage {
    Q_OBJECT

public:
    BootstrapApplyPage(BootstrapDraft *draft, QWidget *parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;
    bool running() const;

public Q_SLOTS:
    // Stops before the next object; what was done is rolled back.
    void cancel();

private:
    void apply();
    void writeFiles();
    void showStep(int index, const ApplyStep &step);
    void finish(bool ok, const QString &message);

    BootstrapDraft *draft;
    QTreeWidget *objects;
    QProgressBar *progress;
    QLabel *outcome;
    QPushButton *cancelButton;
};

} // namespace kubestrap
