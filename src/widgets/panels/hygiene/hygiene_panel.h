#pragma once

#include "kubeconfig_expiry.h"
#include "kubeconfig_lint.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace kubestrap {

class KubeconfigStore;

// What expires in every context, soonest first and coloured by how soon, and what is wrong or
// unsafe in the kubeconfig files, each with what to do; the fixes that are safe (chmod 600, a
// context that names nothing usable deleted) applied after asking. The same rows as
// `kubestrap-cli kubeconfig expiry` and `lint`. Redrawn whenever the files change.
class HygienePanel : public QWidget {
    Q_OBJECT

public:
    explicit HygienePanel(KubeconfigStore *store, QWidget *parent = nullptr);

    // Applies the selected finding's fix, after asking; whether it was applied.
    bool fixSelected();
    // Asks every context's cluster what it shows that expires (as `expiry --probe`), and adds
    // the answers to the rows; contexts that sign in through a plugin are not asked, so that no
    // sign-in window opens for each.
    void askTheClusters();

private:
    void refresh();
    void updateFix();

    KubeconfigStore *store;
    QLabel *summary;
    QTreeWidget *expiring;
    QTreeWidget *problems;
    QPushButton *fix;
    QPushButton *ask;
    QLabel *whatToDo; // the selected problem's fix, whole
    std::vector<lint::Finding> findings;
    std::vector<expiry::Row> probed; // what the clusters answered, until the files change
};

} // namespace kubestrap
