#pragma once

#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLineEdit;
class QTableView;
class QTreeWidget;

namespace kubestrap {

class ClusterSession;
class ProblemBanner;
class ResourceProxyModel;
class ResourceTableModel;

// Roles, ClusterRoles and their bindings, searchable, and "who can": a verb on a resource (and a
// name, a namespace) answered with every subject that may, each with the binding and role that
// grant it, evaluated over the cluster's own objects, aggregated ClusterRoles included.
class RbacPanel : public QWidget {
    Q_OBJECT

public:
    explicit RbacPanel(ClusterSession *session, QWidget *parent = nullptr);
    ~RbacPanel() override;

    // Fills the question in and answers it (what the Ask button does).
    void askWhoCan(const QString &verb, const QString &resource, const QString &name = {},
                   const QString &namespaceName = {});

public Q_SLOTS:
    void answer();

private:
    void attach();

    ClusterSession *session;
    ProblemBanner *problem;
    QLineEdit *search;
    std::vector<QTableView *> views;
    std::vector<std::unique_ptr<ResourceTableModel>> tables;
    std::vector<std::unique_ptr<ResourceProxyModel>> proxies;
    QComboBox *verb;
    QLineEdit *resource;
    QLineEdit *name;
    QLineEdit *namespaceName;
    QTreeWidget *answers;
};

} // namespace kubestrap
