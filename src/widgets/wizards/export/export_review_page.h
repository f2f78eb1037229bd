#pragma once

#include "credential_issuer.h"

#include <QWizardPage>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QProgressBar;

namespace kubestrap {

class ApiClient;
struct ExportDraft;

// The export wizard's review: gets the new credential from the cluster (progress shown, Cancel
// undoes it), builds the file, shows it with secrets masked, who it will be and until when, and
// tries it: a connection with the new file that asks who it is and one permission.
class ExportReviewPage : public QWizardPage {
    Q_OBJECT

public:
    ExportReviewPage(ExportDraft *draft, QWidget *parent = nullptr);
    ~ExportReviewPage() override;

    void initializePage() override;
    // Back: the credential is given back (its objects deleted) before another is asked for.
    void cleanupPage() override;
    bool isComplete() const override;

private:
    void take(const Result<IssuedCredential> &credential);
    void issued();
    void build();
    void tryTheFile();
    void showProblem(const QString &problem);

    ExportDraft *draft;
    QLabel *progress;
    QProgressBar *busy;
    QLabel *identity;
    QLabel *expires;
    QLabel *test;
    QPlainTextEdit *yaml;
    std::unique_ptr<ApiClient> tester;
    quint64 attempt = 0; // answers for an abandoned attempt are ignored
};

} // namespace kubestrap
