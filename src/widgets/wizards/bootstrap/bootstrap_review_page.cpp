#include "bootstrap_review_page.h"

#include "bootstrap_apply.h"
#include "bootstrap_draft.h"
#include "cluster_session.h"

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kubestrap {

namespace {

QPlainTextEdit *codeView(QWidget *parent, const QString &name)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

} // namespace

QString actionText(const ApplyStep &step)
{
    switch (step.action) {
    case ApplyStep::Action::Keep:
        return QObject::tr("keep: already as planned");
    case ApplyStep::Action::Create:
        return QObject::tr("create");
    case ApplyStep::Action::Update:
        return QObject::tr("update: %1").arg(step.what);
    case ApplyStep::Action::Replace:
        return QObject::tr("replace: %1").arg(step.what);
    }
    return {};
}

QString doneText(const ApplyStep &step)
{
    switch (step.action) {
    case ApplyStep::Action::Keep:
        return QObject::tr("kept: already as planned");
    case ApplyStep::Action::Create:
        return QObject::tr("created");
    case ApplyStep::Action::Update:
        return QObject::tr("updated: %1").arg(step.what);
    case ApplyStep::Action::Replace:
        return QObject::tr("replaced: %1").arg(step.what);
    }
    return {};
}

QString withoutTokenSecrets(const QByteArray &bundle)
{
    QString text = QString::fromUtf8(bundle);
    static const QRegularExpression secret(QStringLiteral("(\\n\\s+token-secret: ).*"));
    return text.replace(secret, QStringLiteral("\\1<hidden>"));
}

BootstrapReviewPage::BootstrapReviewPage(BootstrapDraft *draft, QWidget *parent)
    : QWizardPage(parent), draft(draft), objects(new QTreeWidget(this)), verdict(new QLabel(this)),
      yaml(codeView(this, QStringLiteral("yaml"))),
      kubectl(codeView(this, QStringLiteral("kubectl"))), folder(new QLineEdit(this)),
      folderRow(new QFormLayout)
{
    setTitle(tr("Review"));
    setCommitPage(true);
    objects->setObjectName(QStringLiteral("objects"));
    objects->setHeaderLabels({tr("Object"), tr("On the cluster"), tr("Part")});
    objects->setRootIsDecorated(false);
    objects->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    verdict->setObjectName(QStringLiteral("verdict"));
    verdict->setWordWrap(true);
    folder->setObjectName(QStringLiteral("folder"));
    auto *tabs = new QTabWidget(this);
    tabs->addTab(objects, tr("Objects"));
    tabs->addTab(yaml, tr("YAML"));
    tabs->addTab(kubectl, tr("kubectl"));
    folderRow->addRow(tr("&Folder:"), folder);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(folderRow);
    layout->addWidget(tabs, 1);
    layout->addWidget(verdict);
    connect(folder, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
}

void BootstrapReviewPage::initializePage()
{
    accepted = false;
    objects->clear();
    yaml->clear();
    kubectl->clear();
    const auto plan = planBootstrap(draft->options);
    if (!plan) {
        verdict->setText(tr("✗ %1").arg(plan.error().message));
        return;
    }
    draft->plan = *plan;
    QStringList commands;
    for (const PlannedObject &planned : draft->plan) {
        new QTreeWidgetItem(objects, {planned.displayName(),
                                      draft->offline ? tr("to be written") : tr("checking…"),
                                      partName(planned.part)});
        commands << kubectlCommandWithoutSecrets(planned);
    }
    yaml->setPlainText(withoutTokenSecrets(renderBundle(draft->plan)));
    kubectl->setPlainText(commands.join(QLatin1Char('\n')));
    folderRow->setRowVisible(folder, draft->offline);
    if (draft->offline) {
        setSubTitle(tr("Nothing is sent: the objects and a kubectl script are written to a "
                       "folder (they hold the token: mode 0600)."));
        if (folder->text().isEmpty())
            folder->setText(QDir::home().filePath(QStringLiteral("kubestrap-bootstrap")));
        setButtonText(QWizard::CommitButton, tr("&Write files"));
        verdict->setText(tr("%n object(s) to write as bootstrap.yaml and bootstrap.sh.", "",
                            int(draft->plan.size())));
        return;
    }
    setSubTitle(tr("What exists, what will change, and the server's verdict on a dry run."));
    setButtonText(QWizard::CommitButton, tr("&Apply"));
    verdict->setText(tr("Asking the server (dry run)…"));
    dropDryRun();
    dryRun = new BootstrapApply(draft->session->sharedClient(), draft->plan, draft->session);
    connect(dryRun, &BootstrapApply::finished, dryRun, &QObject::deleteLater);
    connect(dryRun, &BootstrapApply::stepChanged, this, &BootstrapReviewPage::showStep);
    connect(dryRun, &BootstrapApply::finished, this, &BootstrapReviewPage::dryRunFinished);
    dryRun->start(true);
}

void BootstrapReviewPage::showStep(int index, const ApplyStep &step)
{
    if (QTreeWidgetItem *item = objects->topLevelItem(index))
        item->setText(1, step.error.isEmpty() ? actionText(step) : tr("✗ %1").arg(step.error));
}

void BootstrapReviewPage::dryRunFinished(bool ok, const QString &message)
{
    int changes = 0;
    for (const ApplyStep &step : qobject_cast<BootstrapApply *>(sender())->steps())
        changes += step.action != ApplyStep::Action::Keep;
    accepted = ok;
    verdict->setText(
        !ok       ? tr("✗ The server refuses: %1").arg(message)
        : changes ? tr("✓ The server accepts every change (dry run): %n to make.", "", changes)
                  : tr("✓ The cluster already has all of it: nothing to change."));
    Q_EMIT completeChanged();
}

void BootstrapReviewPage::dropDryRun()
{
    if (!dryRun)
        return;
    dryRun->disconnect(this);
    dryRun->cancel();
    dryRun = nullptr;
}

void BootstrapReviewPage::cleanupPage()
{
    dropDryRun();
    accepted = false;
}

bool BootstrapReviewPage::isComplete() const
{
    if (draft->plan.empty())
        return false;
    return draft->offline ? !folder->text().trimmed().isEmpty() : accepted;
}

bool BootstrapReviewPage::validatePage()
{
    if (!draft->offline)
        return true;
    draft->folder = folder->text().trimmed();
    const QDir target(draft->folder);
    const bool taken = target.exists(QStringLiteral("bootstrap.yaml"))
                       || target.exists(QStringLiteral("bootstrap.sh"));
    return !taken
           || QMessageBox::question(this, tr("Replace files?"),
                                    tr("%1 already holds bootstrap files. Replace them? Copies "
                                       "are kept as .bak.")
                                        .arg(draft->folder))
                  == QMessageBox::Yes;
}

} // namespace kubestrap
