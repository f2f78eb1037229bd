#pragma once

#include "bootstrap_cluster.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace kubestrap {

class BootstrapApply;
class ClusterSession;

// The bootstrap doctor as a checklist on the Overview: a state per check, what was found, and a
// Fix… that sets up the missing parts (after saying which) and checks again.
class BootstrapChecklist : public QWidget {
    Q_OBJECT

public:
    explicit BootstrapChecklist(ClusterSession *session, QWidget *parent = nullptr);

    // The last report, when the doctor has run.
    const std::optional<DoctorReport> &report() const { return last; }

public Q_SLOTS:
    void checkAgain();
    void fix();
    // Stops a running Fix… before its next step; what it did is rolled back.
    void cancelFix();

Q_SIGNALS:
    void checked();

private:
    void show(const Result<DoctorReport> &report);
    BootstrapOptions repairOptions() const;

    ClusterSession *session;
    QLabel *summary;
    QTreeWidget *list;
    QPushButton *again;
    QPushButton *fixButton;
    QPushButton *cancel;
    QPointer<BootstrapApply> running;
    std::optional<DoctorReport> last;
    quint64 run = 0; // answers for an earlier run are ignored
};

} // namespace kubestrap
