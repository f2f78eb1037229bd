#pragma once

#include <QWidget>

#include <memory>

class QSortFilterProxyModel;

namespace Ui {
class KubeconfigsPanel;
}

namespace kubestrap {

class ContextTableModel;
class KubeconfigStore;

// The merged kubeconfig's contexts: where each points, how it authenticates, which file holds it;
// dangling references marked; details with secrets masked until revealed; choosing the context
// Kubestrap works in, or the one kubectl uses.
class KubeconfigsPanel : public QWidget {
    Q_OBJECT

public:
    KubeconfigsPanel(KubeconfigStore *store, ContextTableModel *model, QWidget *parent = nullptr);
    ~KubeconfigsPanel() override;

    // The context selected in the table, if any.
    QString selectedContext() const;
    void selectContext(const QString &name);

private:
    void fitColumns();
    void showLoadState();
    void showDetails();
    void updateActions();
    void askToWriteThroughLink(const QString &context, const QString &message);

    std::unique_ptr<Ui::KubeconfigsPanel> ui;
    KubeconfigStore *store;
    ContextTableModel *model;
    QSortFilterProxyModel *proxy;
};

} // namespace kubestrap
