#pragma once

#include <QElapsedTimer>
#include <QWizard>

#include <memory>

namespace kubestrap {

class ActivityLog;
struct ExportDraft;
class KubeconfigStore;

// Writes a kubeconfig for someone else, step by step: the context, the credential (the context's
// own, a bootstrap token, a new client certificate, a service-account token), the file's options,
// a review that tries the file against the cluster, and where to save it (atomically, 0600,
// never over a file without asking) or the clipboard. Cancelled at any point, it deletes what it
// made on the cluster; nothing is written until Save.
class KubeconfigExportWizard : public QWizard {
    Q_OBJECT

public:
    enum Page { ContextPage, CredentialPage, OptionsPage, ReviewPage, SavePage };

    // What it changes on the cluster is listed in `activity`, when given.
    KubeconfigExportWizard(KubeconfigStore *kubeconfigs, const QString &context,
                           ActivityLog *activity = nullptr, QWidget *parent = nullptr);
    ~KubeconfigExportWizard() override;

    // The file written, once saved.
    QString savedTo() const;

public Q_SLOTS:
    // Deletes what was made on the cluster for a file never saved, then closes.
    void reject() override;

private:
    // Shared with the undo that may outlive the wizard (see reject()).
    std::shared_ptr<ExportDraft> draft;
    bool closing = false;
    QElapsedTimer closingSince;
};

} // namespace kubestrap
