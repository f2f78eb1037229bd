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

    // The selected ConfigMap as the list holds it (its digest: keys and sizes, not values);
    // empty when none is selected.
    QJsonObject selected() const;
    // The ConfigMap on show, as last read from the server once selected; empty until then.
    QJsonObject opened() const;
    // Selects `namespaceName/name` if it is listed (and shown by the filter); whether it is.
    bool select(const QString &namespaceName, const QString &name);

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
    // Reads the selected ConfigMap's values, and shows them when they come.
    void read(const QJsonObject &row);
    // Draws `configMap`, the list's digest while its values are read, then the ConfigMap.
    void display(const QJsonObject &configMap);
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
    QJsonObject onShow;
    QString readFor;   // uid and resourceVersion of the row last read, so it is read once
    quint64 reads = 0; // an answer for an earlier read is dropped
};

} // namespace kubestrap
