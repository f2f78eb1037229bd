#pragma once

#include <QWidget>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QTreeWidget;

namespace kubestrap {

class ClusterSession;
class ProblemBanner;
class ResourceStore;

// kube-public/cluster-info as a joining node meets it: the server and CA it names (with the CA's
// details and sha256 pin), each token's signature and whether it verifies, whether anonymous
// users can read it at all, and the kubeconfig itself; and setting it from a server URL and a CA
// file.
class ClusterInfoPanel : public QWidget {
    Q_OBJECT

public:
    explicit ClusterInfoPanel(ClusterSession *session, QWidget *parent = nullptr);
    ~ClusterInfoPanel() override;

    // Creates or updates cluster-info to name `server` with the CA in `caPem` (what the dialog
    // does once accepted); the BootstrapSigner then signs it again.
    void setClusterInfo(const QString &server, const QByteArray &caPem);

public Q_SLOTS:
    void refresh();
    void openSetDialog();
    void copyPin();

private:
    void attach();
    // Shows what the caches hold now.
    void showCaches();
    void checkAnonymousRead();

    ClusterSession *session;
    ResourceStore *configMaps = nullptr;
    ResourceStore *tokens = nullptr;
    ProblemBanner *problem;
    QLabel *server;
    QLabel *ca;
    QLabel *pin;
    QLabel *anonymous;
    QTreeWidget *signatures;
    QPlainTextEdit *kubeconfig;
};

} // namespace kubestrap
