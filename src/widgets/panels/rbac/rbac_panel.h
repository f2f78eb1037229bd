#pragma once

#include "rbac.h"

#include "rbac_object.h"
#include <optional>

#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QGroupBox;
class QHBoxLayout;
class QSplitter;
class QLineEdit;
class QTableView;
class QTabWidget;
class QTreeWidget;

namespace kubestrap {

class ClusterSession;
class ProblemBanner;
class RbacDetails;
class ResourceProxyModel;
class ResourceTableModel;

// Roles, ClusterRoles and their bindings, searchable, each shown in full and created, edited or
// deleted as YAML; "who can": a verb on a resource (and a
// name, a namespace) answered with every subject that may, each with the binding and role that
// grant it; and "what can": a user's effective rules. Both are evaluated over the cluster's own
// objects, aggregated ClusterRoles included.
class RbacPanel : public QWidget {
    Q_OBJECT

public:
    explicit RbacPanel(ClusterSession *session, QWidget *parent = nullptr);
    ~RbacPanel() override;

    // Fills the question in and answers it (what the Ask button does).
    void askWhoCan(const QString &verb, const QString &resource, const QString &name = {},
                   const QString &namespaceName = {});

    // The rules `user` in `groups` has in `namespaceName` (cluster-wide ones included), one row
    // each: what the "What can" question answers.
    void askWhatCan(const QString &user, const QStringList &groups,
                    const QString &namespaceName = {});

    // The kind of the table showing, and its selected object (empty when none).
    RbacKind currentKind() const;
    QJsonObject selectedObject() const;

public Q_SLOTS:
    void answer();
    void answerWhatCan();
    void createObject();
    void editObject();
    void deleteObject();

private:
    // The parts of the panel, built once by the constructor.
    QSplitter *objectTables();
    QGroupBox *whoCanQuestion();
    QGroupBox *whatCanQuestion();
    void attach();
    void showSelected();
    // The cluster's RBAC as the caches hold it now; null until all four stores hold their first
    // list: an answer from part of the cluster's RBAC would be wrong, not merely late.
    const rbac::Authorizer *authorizer() const;
    void answerWhenRead();

    ClusterSession *session;
    ProblemBanner *problem;
    QLineEdit *search;
    QTabWidget *kinds;
    RbacDetails *details;
    std::vector<QTableView *> views;
    std::vector<std::unique_ptr<ResourceTableModel>> tables;
    std::vector<std::unique_ptr<ResourceProxyModel>> proxies;
    QComboBox *verb;
    QLineEdit *resource;
    QLineEdit *name;
    QLineEdit *namespaceName;
    QTreeWidget *answers;
    QLineEdit *user;
    QLineEdit *groups;
    QLineEdit *userNamespace;
    QTreeWidget *rules;
    QHBoxLayout *objectActions = nullptr; // search, New, Edit, Delete
};

} // namespace kubestrap
