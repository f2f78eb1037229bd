#pragma once

#include <QDockWidget>

class QTableView;

namespace kubestrap {

class ActivityLog;

// The activity dock: every change Kubestrap made, when, how it ended, and the kubectl command
// that does the same, copyable.
class ActivityDock : public QDockWidget {
    Q_OBJECT

public:
    ActivityDock(ActivityLog *log, QWidget *parent = nullptr);

public Q_SLOTS:
    void copyCommand();

private:
    QTableView *view;
};

} // namespace kubestrap
