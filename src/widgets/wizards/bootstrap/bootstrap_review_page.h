#pragma once

#include <QPointer>
#include <QWizardPage>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTreeWidget;

namespace kubestrap {

class BootstrapApply;
struct BootstrapDraft;
struct ApplyStep;

// The bootstrap wizard's review: every object of the plan, what exists and what will change
// (the server's dry-run verdict on each), the objects as YAML and the kubectl commands that do
// the same. Offline, the folder the files go to. Its Next applies (or writes).
class BootstrapReviewPage : public QWizardPage {
    Q_OBJECT

public:
    BootstrapReviewPage(BootstrapDraft *draft, QWidget *parent = nullptr);

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void showStep(int index, const ApplyStep &step);
    void dryRunFinished(bool ok, const QString &message);
    void dropDryRun();

    BootstrapDraft *draft;
    QTreeWidget *objects;
    QLabel *verdict;
    QPlainTextEdit *yaml;
    QPlainTextEdit *kubectl;
    QLineEdit *folder;
    QFormLayout *folderRow;
    // Owned by the session until it ends: a call in flight must not outlive what answers it.
    QPointer<BootstrapApply> dryRun;
    bool accepted = false;
};

// An object's action as the wizard says it: "create", "update: …", "keep (as planned)".
QString actionText(const ApplyStep &step);
// The same once done: "created", "updated: …", "kept (as planned)".
QString doneText(const ApplyStep &step);

// `bundle` with each token Secret's secret replaced, for showing.
QString withoutTokenSecrets(const QByteArray &bundle);

} // namespace kubestrap
