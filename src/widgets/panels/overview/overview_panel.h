#pragma once

#include <QWidget>

#include <memory>

namespace Ui {
class OverviewPanel;
}

namespace kubestrap {

class BootstrapChecklist;
class ClusterSession;
class KubeconfigStore;

// The first panel: the context Kubestrap works in (or "no cluster configured", and which files it
// looked for, in kubectl's order), and the bootstrap checklist of its cluster.
class OverviewPanel : public QWidget {
    Q_OBJECT

public:
    OverviewPanel(KubeconfigStore *store, ClusterSession *session, QWidget *parent = nullptr);
    ~OverviewPanel() override;

private:
    void showState();
    void showSources();

    std::unique_ptr<Ui::OverviewPanel> ui;
    KubeconfigStore *store;
    BootstrapChecklist *checklist;
};

} // namespace kubestrap
