#include "bootstrap_apply.h"

#include "create_or_update.h"

namespace kubestrap {

BootstrapApply::BootstrapApply(ApiClient *client, std::vector<PlannedObject> plan, QObject *parent)
    : QObject(parent), client(client), plan(std::move(plan))
{
}

BootstrapApply::BootstrapApply(std::shared_ptr<ApiClient> shared, std::vector<PlannedObject> plan,
                               QObject *parent)
    : QObject(parent), owned(std::move(shared)), client(owned.get()), plan(std::move(plan))
{
}

void BootstrapApply::start(bool onlyDryRun)
{
    dryRunOnly = onlyDryRun;
    cancelled = false;
    results.assign(plan.size(), {});
    before.assign(plan.size(), {});
    for (size_t i = 0; i < plan.size(); ++i)
        results[i].object = plan[i].displayName();
    readNext(0);
}

void BootstrapApply::cancel()
{
    cancelled = true;
}

void BootstrapApply::readNext(size_t index)
{
    if (index == plan.size())
        return dryRunNext(0);
    client->get(plan[index].path, [this, index](const QJsonObject &existing,
                                                const ApiFailure *failure) {
        ApplyStep &step = results[index];
        if (failure && failure->kind != ApiFailure::Kind::NotFound)
            return Q_EMIT finished(false,
                                   tr("cannot read %1: %2").arg(step.object, failure->message));
        if (failure) {
            step.action = ApplyStep::Action::Create;
        } else {
            const QJsonObject &planned = plan[index].object;
            before[index] = existing;
            step.what = writes::difference(planned, existing);
            if (!writes::updatable(planned) && !step.what.isEmpty())
                return Q_EMIT finished(
                    false, tr("%1: %2; nothing was changed").arg(step.object, step.what));
            step.action = step.what.isEmpty()                         ? ApplyStep::Action::Keep
                          : writes::needsReplacing(planned, existing) ? ApplyStep::Action::Replace
                                                                      : ApplyStep::Action::Update;
        }
        step.done = step.action == ApplyStep::Action::Keep;
        Q_EMIT stepChanged(int(index), step);
        readNext(index + 1);
    });
}

void BootstrapApply::write(size_t index, ApiClient::Write mode, ApiClient::Callback done)
{
    const PlannedObject &planned = plan[index];
    switch (results[index].action) {
    case ApplyStep::Action::Create:
        return client->create(planned.collectionPath, planned.object, std::move(done), mode);
    case ApplyStep::Action::Update:
        return client->update(planned.path, writes::updated(planned.object, before[index]),
                              std::move(done), mode);
    case ApplyStep::Action::Replace:
        // roleRef cannot change: the binding goes, and comes back granting the planned role. In a
        // dry run only the delete can be checked (the create would meet the old binding).
        return client->remove(
            planned.path,
            [this, index, mode, done](const QJsonObject &body, const ApiFailure *failure) {
                if (failure || mode == ApiClient::Write::DryRun)
                    return done(body, failure);
                client->create(plan[index].collectionPath, plan[index].object, done, mode);
            },
            mode);
    case ApplyStep::Action::Keep:
        return done({}, nullptr);
    }
}

void BootstrapApply::dryRunNext(size_t index)
{
    if (cancelled)
        return Q_EMIT finished(false, tr("cancelled before anything was changed"));
    if (index == plan.size()) {
        if (dryRunOnly)
            return Q_EMIT finished(true, tr("the server accepts every change (dry run): nothing "
                                            "was changed"));
        return applyNext(0);
    }
    write(index, ApiClient::Write::DryRun,
          [this, index](const QJsonObject &, const ApiFailure *failure) {
              if (failure) {
                  results[index].error = failure->message;
                  Q_EMIT stepChanged(int(index), results[index]);
                  return Q_EMIT finished(false, tr("the server refuses %1 (dry run): %2; nothing "
                                                   "was changed")
                                                    .arg(results[index].object, failure->message));
              }
              dryRunNext(index + 1);
          });
}

void BootstrapApply::applyNext(size_t index)
{
    if (index == plan.size())
        return Q_EMIT finished(true, QString());
    if (cancelled)
        return rollBack(index, tr("cancelled"));
    write(
        index, ApiClient::Write::Apply,
        [this, index](const QJsonObject &, const ApiFailure *failure) {
            ApplyStep &step = results[index];
            if (failure) {
                step.error = failure->message;
                Q_EMIT stepChanged(int(index), step);
                const QString why = tr("%1 failed: %2").arg(step.object, failure->message);
                if (step.action != ApplyStep::Action::Replace)
                    return rollBack(index, why);
                // The old binding may be gone already: bring it back first.
                return client->get(plan[index].path, [this, index, why](const QJsonObject &,
                                                                        const ApiFailure *missing) {
                    if (!missing || missing->kind != ApiFailure::Kind::NotFound)
                        return rollBack(index, why);
                    client->create(plan[index].collectionPath, writes::recreatable(before[index]),
                                   [this, index, why](const QJsonObject &, const ApiFailure *) {
                                       rollBack(index, why);
                                   });
                });
            }
            if (!step.done) {
                step.done = true;
                Q_EMIT stepChanged(int(index), step);
            }
            applyNext(index + 1);
        });
}

void BootstrapApply::rollBack(size_t index, const QString &failure)
{
    // Undo the steps before `index` that changed something, newest first.
    size_t undo = index;
    while (undo > 0 && results[undo - 1].action == ApplyStep::Action::Keep)
        --undo;
    if (undo == 0)
        return Q_EMIT finished(false, tr("%1; what this run changed was rolled back").arg(failure));
    const size_t i = undo - 1;
    const auto next = [this, i, failure](const QJsonObject &, const ApiFailure *undoFailure) {
        results[i].done = false;
        if (undoFailure)
            return Q_EMIT finished(false,
                                   tr("%1; rolling back %2 failed too (%3): check it by hand")
                                       .arg(failure, results[i].object, undoFailure->message));
        Q_EMIT stepChanged(int(i), results[i]);
        rollBack(i, failure);
    };
    const PlannedObject &planned = plan[i];
    switch (results[i].action) {
    case ApplyStep::Action::Create:
        return client->remove(planned.path, next);
    case ApplyStep::Action::Update:
        // Put back what was there, over whatever version the server now holds.
        return client->get(
            planned.path, [this, i, next](const QJsonObject &current, const ApiFailure *failure) {
                if (failure)
                    return next({}, failure);
                QJsonObject restored = before[i];
                QJsonObject metadata = restored.value(QStringLiteral("metadata")).toObject();
                metadata.insert(QStringLiteral("resourceVersion"),
                                current.value(QStringLiteral("metadata"))
                                    .toObject()
                                    .value(QStringLiteral("resourceVersion")));
                restored.insert(QStringLiteral("metadata"), metadata);
                client->update(plan[i].path, restored, next);
            });
    case ApplyStep::Action::Replace:
        return client->remove(
            planned.path, [this, i, next](const QJsonObject &, const ApiFailure *failure) {
                if (failure && failure->kind != ApiFailure::Kind::NotFound)
                    return next({}, failure);
                client->create(plan[i].collectionPath, writes::recreatable(before[i]), next);
            });
    case ApplyStep::Action::Keep:
        return next({}, nullptr);
    }
}

} // namespace kubestrap
