#pragma once

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

private:
    void refresh();
    void updateFix();

    KubeconfigStore *store;
    QLabel *summary;
    QTreeWidget *expiring;
    QTreeWidget *problems;
    QPushButton *fix;
    QLabel *whatToDo; // the selected problem's fix, whole
    std::vector<lint::Finding> findings;
};

} // namespace kubestrap
