#pragma once

#include <QWidget>

#include <memory>

namespace Ui {
class OverviewPanel;
}

namespace kubestrap {

class KubeconfigStore;

// The first panel. Until Kubestrap can connect to clusters it shows the kubeconfig state: the
// context it works in, or "no cluster configured", and which files it looked for, in kubectl's
// order, with what it found.
class OverviewPanel : public QWidget {
    Q_OBJECT

public:
    explicit OverviewPanel(KubeconfigStore *store, QWidget *parent = nullptr);
    ~OverviewPanel() override;

private:
    void showState();
    void showSources();

    std::unique_ptr<Ui::OverviewPanel> ui;
    KubeconfigStore *store;
};

} // namespace kubestrap
