#include "bootstrap_apply_page.h"

#include "atomic_file.h"
#include "bootstrap_apply.h"
#include "bootstrap_draft.h"
#include "bootstrap_review_page.h"
#include "cluster_session.h"

#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kubestrap {

BootstrapApplyPage::BootstrapApplyPage(BootstrapDraft *draft, QWidget *parent)
    : QWizardPage(parent), draft(draft), objects(new QTreeWidget(this)),
      progress(new QProgressBar(this)), outcome(new QLabel(this)),
      cancelButton(new QPushButton(tr("&Stop and roll back"), this))
{
    setTitle(tr("Apply"));
    // Once applied there is no going back to apply again: the wizard moves on to the join command.
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Next >"));
    objects->setObjectName(QStringLiteral("progress"));
    objects->setHeaderLabels({tr("Object"), tr("Done")});
    objects->setRootIsDecorated(false);
    objects->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    outcome->setObjectName(QStringLiteral("outcome"));
    outcome->setWordWrap(true);
    cancelButton->setObjectName(QStringLiteral("stop"));
    cancelButton->setAutoDefault(false); // Enter never stops an apply by accident
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(objects, 1);
    layout->addWidget(progress);
    layout->addWidget(outcome);
    layout->addWidget(cancelButton, 0, Qt::AlignLeft);
    connect(cancelButton, &QPushButton::clicked, this, &BootstrapApplyPage::cancel);
}

void BootstrapApplyPage::initializePage()
{
    objects->clear();
    for (const PlannedObject &planned : draft->plan)
        new QTreeWidgetItem(objects, {planned.displayName(), QString()});
    progress->setRange(0, int(draft->plan.size()));
    progress->setValue(0);
    draft->applied = false;
    if (draft->offline)
        return writeFiles();
    apply();
}

void BootstrapApplyPage::apply()
{
    setSubTitle(tr("Each object is checked by the server first; a failure part-way undoes what "
                   "was done."));
    cancelButton->show();
    outcome->setText(tr("Applying…"));
    // The apply may outlive the wizard (closed while it rolls back): it ends in the activity log.
    draft->apply = draft->session->applyPlan(
        draft->plan, tr("bootstrap setup wizard"),
        [page = QPointer<BootstrapApplyPage>(this)](bool ok, const QString &why) {
            if (page)
                page->finish(ok, why);
        });
    connect(draft->apply, &BootstrapApply::stepChanged, this, &BootstrapApplyPage::showStep);
}

void BootstrapApplyPage::writeFiles()
{
    setSubTitle(tr("The files hold the token: keep them private (mode 0600)."));
    cancelButton->hide();
    if (!QDir().mkpath(draft->folder))
        return finish(false, tr("cannot create the folder %1").arg(draft->folder));
    const QDir folder(draft->folder);
    const std::pair<QString, QByteArray> files[] = {
        {folder.filePath(QStringLiteral("bootstrap.yaml")), renderBundle(draft->plan)},
        {folder.filePath(QStringLiteral("bootstrap.sh")),
         renderKubectlScript(draft->plan).toUtf8()}};
    for (const auto &[path, bytes] : files) {
        const auto written = writeFileAtomically(path, bytes, {});
        if (!written)
            return finish(false, written.error().message);
    }
    for (int row = 0; row < objects->topLevelItemCount(); ++row)
        objects->topLevelItem(row)->setText(1, tr("written"));
    progress->setValue(progress->maximum());
    finish(true, {});
}

void BootstrapApplyPage::showStep(int index, const ApplyStep &step)
{
    QTreeWidgetItem *item = objects->topLevelItem(index);
    if (!item)
        return;
    if (!step.error.isEmpty())
        item->setText(1, tr("✗ %1").arg(step.error));
    else if (step.done)
        item->setText(1, QStringLiteral("✓ ") + doneText(step));
    int done = 0;
    for (int row = 0; row < objects->topLevelItemCount(); ++row)
        done += objects->topLevelItem(row)->text(1).startsWith(QStringLiteral("✓"));
    progress->setValue(done);
}

void BootstrapApplyPage::finish(bool ok, const QString &message)
{
    cancelButton->hide();
    draft->applied = ok;
    if (ok)
        outcome->setText(draft->offline
                             ? tr("✓ Written to %1: apply with sh bootstrap.sh or kubectl create "
                                  "-f bootstrap.yaml.")
                                   .arg(draft->folder)
                             : tr("✓ The cluster now has every part."));
    else
        outcome->setText(tr("✗ Not done: %1").arg(message));
    Q_EMIT completeChanged();
}

bool BootstrapApplyPage::running() const
{
    return !draft->offline && draft->apply;
}

void BootstrapApplyPage::cancel()
{
    if (draft->apply) {
        outcome->setText(tr("Stopping and rolling back…"));
        draft->apply->cancel();
    }
}

bool BootstrapApplyPage::isComplete() const
{
    return draft->applied;
}

} // namespace kubestrap
