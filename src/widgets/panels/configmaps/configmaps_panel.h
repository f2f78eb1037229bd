#pragma once

#include <QJsonObject>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableView;

namespace kubestrap {

class ClusterSession;
class ConfigMapValueView;
class ConfigMapTableModel;
class ProblemBanner;
class ResourceProxyModel;

// Every ConfigMap the user may list, in all namespaces or one: who manages each, how big it is,
// its keys and their values, and what breaks when one the cluster relies on changes; creating,
// editing and deleting them, logged with their kubectl equivalents.
class ConfigMapsPanel : public QWidget {
    Q_OBJECT

public:
    explicit ConfigMapsPanel(ClusterSession *session, QWidget *parent = nullptr);
    ~ConfigMapsPanel() override;

    // The selected ConfigMap as the cache holds it; empty when none is selected.
    QJsonObject selected() const;

Q_SIGNALS:
    // The user followed a link to another panel (cluster-info's to Cluster info).
    void openPanel(const QString &panelId);

public Q_SLOTS:
    void createNew();
    void editSelected();
    void deleteSelected();

private:
    void attach();
    void showSelection();
    void showKey();
    // The namespaces the listed ConfigMaps are in, offered by the filter.
    void offerNamespaces();

    ClusterSession *session;
    std::unique_ptr<ConfigMapTableModel> table;
    std::unique_ptr<ResourceProxyModel> proxy;
    ProblemBanner *problem;
    QComboBox *namespaces;
    QLineEdit *search;
    QPushButton *createButton;
    QPushButton *editButton;
    QPushButton *remove;
    QTableView *view;
    QLabel *summary;
    QListWidget *keys;
    QLabel *explained;
    ConfigMapValueView *value;
    QString shown; // uid and resourceVersion of the ConfigMap on show, so that it is drawn once
};

} // namespace kubestrap
