#pragma once

#include <QWidget>

#include <memory>

namespace Ui {
class PlaceholderPanel;
}

namespace kubestrap {

// Stands in for a panel that is not built yet and says so, with what it will do, so nothing in the
// window pretends to work.
class PlaceholderPanel : public QWidget {
    Q_OBJECT

public:
    PlaceholderPanel(const QString &title, const QString &plan, QWidget *parent = nullptr);
    ~PlaceholderPanel() override;

private:
    std::unique_ptr<Ui::PlaceholderPanel> ui;
};

} // namespace kubestrap
