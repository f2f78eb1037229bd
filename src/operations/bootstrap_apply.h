#pragma once

#include "api_client.h"
#include "bootstrap_plan.h"

#include <QObject>

namespace kubestrap {

// What apply did, or would do, with one planned object.
struct ApplyStep {
    enum class Action { Keep, Create, Update, Replace };
    QString object; // "clusterrolebinding/kubeadm:get-nodes"
    Action action = Action::Keep;
    QString what; // the difference an update or replacement makes
    bool done = false;
    QString error;
};

// Brings a cluster to a plan: reads each object, creates what is missing, updates what differs
// (replaces a binding whose roleRef, which the API cannot change, differs), leaves the rest. Every
// change is first sent as a dry run, so a refusal stops it before anything changed. A step that
// fails part-way rolls back what this run did, newest first. A second run changes nothing.
class BootstrapApply : public QObject {
    Q_OBJECT

public:
    BootstrapApply(ApiClient *client, std::vector<PlannedObject> plan, QObject *parent = nullptr);
    // Keeps `client` alive until it is done, so that a reconnect (F5, another context) does not
    // cut an apply or its rollback short.
    BootstrapApply(std::shared_ptr<ApiClient> client, std::vector<PlannedObject> plan,
                   QObject *parent = nullptr);

    // With `dryRunOnly`, stops after the server's dry-run verdict.
    void start(bool dryRunOnly = false);
    // Stops before the next step and rolls back what was done.
    void cancel();

    const std::vector<ApplyStep> &steps() const { return results; }

Q_SIGNALS:
    // Each object, once its action is known (after reading), then once it is done.
    void stepChanged(int index, const kubestrap::ApplyStep &step);
    // `ok` when the cluster now matches the plan (or, for a dry run, would); `message` says why
    // not, and whether the rollback restored everything.
    void finished(bool ok, const QString &message);

private:
    void readNext(size_t index);
    void dryRunNext(size_t index);
    void applyNext(size_t index);
    void rollBack(size_t index, const QString &failure);
    void write(size_t index, ApiClient::Write mode, ApiClient::Callback done);

    std::shared_ptr<ApiClient> owned;
    ApiClient *client;
    std::vector<PlannedObject> plan;
    std::vector<ApplyStep> results;
    std::vector<QJsonObject> before; // what each object was, for updates and rollback
    bool dryRunOnly = false;
    bool cancelled = false;
};

} // namespace kubestrap
