#pragma once

#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace kubestrap {

class ClusterSession;
class ProblemBanner;
class ResourceProxyModel;
class TokenTableModel;

// The cluster's bootstrap tokens: the table kubeadm token list shows, and creating, extending,
// deleting and copying them. A token's secret is never in the table: it shows masked under it,
// revealed on request, and is copied for clipboard managers to skip and cleared after a while.
class TokensPanel : public QWidget {
    Q_OBJECT

public:
    explicit TokensPanel(ClusterSession *session, QWidget *parent = nullptr);
    ~TokensPanel() override;

    // The id of the selected token, or empty.
    QString selectedId() const;
    // Creates `token` on the cluster (what the Create dialog does once accepted).
    void createToken(const class BootstrapToken &token);

public Q_SLOTS:
    void openCreateDialog();
    void deleteSelected();
    void extendSelected();
    void copyToken();
    void copyJoinCommand();

private:
    void attach();
    void showSelection();
    // The whole token (id.secret) of the selected row, read from the cache.
    QString selectedToken() const;

    ClusterSession *session;
    std::unique_ptr<TokenTableModel> table;
    std::unique_ptr<ResourceProxyModel> proxy;
    ProblemBanner *problem;
    QLineEdit *search;
    QTableView *view;
    QLabel *secretLine;
    QPushButton *reveal;
    QList<QPushButton *> needSelection;
    bool revealed = false;
};

} // namespace kubestrap
