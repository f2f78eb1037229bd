#pragma once

#include "kubeconfig_sources.h"

#include <QWidget>

#include <memory>

namespace Ui {
class OverviewPanel;
}

namespace kubestrap {

// The first panel. Until Kubestrap can connect to a cluster it shows the "no cluster configured"
// state: which kubeconfig files it looked for, in kubectl's order, and what it found.
class OverviewPanel : public QWidget {
    Q_OBJECT

public:
    explicit OverviewPanel(const KubeconfigSources &sources, QWidget *parent = nullptr);
    ~OverviewPanel() override;

private:
    void showSources(const KubeconfigSources &sources);

    std::unique_ptr<Ui::OverviewPanel> ui;
};

} // namespace kubestrap
