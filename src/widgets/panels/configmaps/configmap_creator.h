#pragma once

#include "configmap_sources.h"

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace kubestrap {

class ClusterSession;

// A new ConfigMap from literals, files, folders and env files, as `kubectl create configmap`
// makes it: the keys it would hold, or kubectl's reason why not, are shown as the sources are
// added, with the kubectl command that does the same. Create keeps the dialog open with
// everything as entered when the server refuses.
class ConfigMapCreator : public QDialog {
    Q_OBJECT

public:
    ConfigMapCreator(ClusterSession *session, const QString &namespaceName,
                     const QStringList &namespaces, QWidget *parent = nullptr);

    void addSource(const configmaps::Source &source);
    QString problem() const;

public Q_SLOTS:
    void create();

private:
    QList<configmaps::Source> sources() const;
    void addTyped();
    void browse();
    // Builds the ConfigMap from what is entered and shows its keys or what is wrong.
    void preview();

    ClusterSession *session;
    QLineEdit *name;
    QComboBox *namespaceBox;
    QComboBox *kind;
    QLineEdit *argument;
    QPushButton *browseButton;
    QListWidget *list;
    QLabel *outcome;
    QLabel *command;
    QDialogButtonBox *buttons;
    QJsonObject built; // valid when there is no problem
    bool creating = false;
};

} // namespace kubestrap
