#pragma once

#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace kubestrap {

class ClusterSession;
class CsrTableModel;
class ProblemBanner;
class ResourceStore;
class ResourceProxyModel;
struct CsrReview;

// CertificateSigningRequests: the table, the selected request decoded (subject, names, key),
// whether the built-in approver would approve it and why, its risks, and approving or denying it
// with a reason. A decided request cannot be decided again.
class CertificateRequestsPanel : public QWidget {
    Q_OBJECT

public:
    explicit CertificateRequestsPanel(ClusterSession *session, QWidget *parent = nullptr);
    ~CertificateRequestsPanel() override;

    QString selectedName() const;
    // Records the decision on the server (what the buttons do once confirmed).
    void decide(const QString &name, bool approve, const QString &message);

public Q_SLOTS:
    void approveSelected();
    void denySelected();

private:
    void attach();
    void showSelection();
    std::unique_ptr<CsrReview> reviewSelected() const;
    // Whether the RBAC and node stores the verdict is made from hold their first list.
    bool judgementRead() const;
    // Which nodes exist, as metadata only.
    ResourceStore *nodes() const;

    ClusterSession *session;
    std::unique_ptr<CsrTableModel> table;
    std::unique_ptr<ResourceProxyModel> proxy;
    ProblemBanner *problem;
    QLineEdit *search;
    QTableView *view;
    QLabel *details;
    QPushButton *approve;
    QPushButton *deny;
};

} // namespace kubestrap
