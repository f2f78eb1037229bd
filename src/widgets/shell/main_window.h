#pragma once

#include <QMainWindow>

#include <functional>
#include <memory>

class QActionGroup;
class QComboBox;
class QLabel;

namespace Ui {
class MainWindow;
}

namespace kubestrap {

class ClusterSession;
class ContextTableModel;
class KubeconfigStore;

// The application window: navigation between the panels, menus and the status bar. Remembers its
// geometry and the last panel in QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // `store` must outlive the window; the window starts its first load, and connects to the
    // cluster of the context it chooses.
    explicit MainWindow(KubeconfigStore *store, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Panels are named by stable ids ("overview", "tokens", "clusterInfo", "rbac",
    // "certificateRequests", "kubeconfigs"), which are also their objectNames.
    QString currentPanel() const;
    bool showPanel(const QString &panelId);

    // Once the cluster has answered (or could not be reached), renders every panel into
    // `dir`/<panel id>.png, then calls `done` with what went wrong, if anything: for
    // documentation and visual checks.
    void saveScreenshots(const QString &dir, std::function<void(const QString &problem)> done);

public Q_SLOTS:
    // Opens the kubeconfig export wizard on the active context.
    void exportKubeconfig();
    // Opens the bootstrap setup wizard on every part.
    void setUpBootstrap();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createPanels();
    void createContextSwitcher();
    void showActiveContext();
    // Once, when the kubeconfig first loads: says so in the status bar when a credential or CA
    // of the context Kubestrap works in has expired or expires within 7 days.
    void warnOfExpiry();
    void addPanel(QWidget *panel, const QString &panelId, const QString &title);
    void onNavigationRowChanged(int row);
    void showAbout();
    void restoreSettings();
    void saveSettings() const;

    std::unique_ptr<Ui::MainWindow> ui;
    QActionGroup *panelActions = nullptr;
    QLabel *connectionState = nullptr;
    KubeconfigStore *store;
    ClusterSession *session;
    ContextTableModel *contexts;
    QComboBox *contextSwitcher = nullptr;
    bool expiryChecked = false;
};

} // namespace kubestrap
