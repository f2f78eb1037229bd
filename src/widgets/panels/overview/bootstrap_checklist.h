#pragma once

#include "bootstrap_cluster.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace kubestrap {

class ClusterSession;

// The bootstrap doctor as a checklist on the Overview: a state per check, what was found, and a
// Fix… that opens the bootstrap wizard on the missing parts, then checks again.
class BootstrapChecklist : public QWidget {
    Q_OBJECT

public:
    explicit BootstrapChecklist(ClusterSession *session, QWidget *parent = nullptr);

    // The last report, when the doctor has run.
    const std::optional<DoctorReport> &report() const { return last; }

public Q_SLOTS:
    void checkAgain();
    void fix();

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
    std::optional<DoctorReport> last;
    quint64 run = 0; // answers for an earlier run are ignored
};

} // namespace kubestrap
