#include "hygiene_panel.h"

#include "expiry_probe.h"
#include "heading.h"
#include "kubeconfig_edit.h"
#include "kubeconfig_expiry.h"
#include "kubeconfig_store.h"
#include "palette_colors.h"

#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kubestrap {

namespace {

QTreeWidget *table(const QString &name, const QStringList &titles, QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(name);
    tree->setRootIsDecorated(false);
    tree->setAlternatingRowColors(true);
    tree->setHeaderLabels(titles);
    tree->setWordWrap(false);
    tree->header()->setStretchLastSection(true);
    return tree;
}

} // namespace

HygienePanel::HygienePanel(KubeconfigStore *store, QWidget *parent)
    : QWidget(parent), store(store), summary(new QLabel(this)),
      expiring(table(
          QStringLiteral("expiring"),
          {tr("Context"), tr("Kind"), tr("Subject"), tr("Not after"), tr("Left"), tr("Source")},
          this)),
      problems(table(QStringLiteral("problems"),
                     {tr("Severity"), tr("File"), tr("Entry"), tr("Problem")}, this)),
      fix(new QPushButton(tr("&Fix…"), this)), ask(new QPushButton(tr("&Ask the clusters"), this)),
      whatToDo(new QLabel(this))
{
    auto *title = new QLabel(tr("Expiry and hygiene"), this);
    styleAsHeading(title);
    summary->setObjectName(QStringLiteral("hygieneSummary"));
    summary->setWordWrap(true);
    fix->setObjectName(QStringLiteral("fix"));
    auto *expiringTitle = new QLabel(tr("What expires, soonest first"), this);
    auto *problemsTitle = new QLabel(tr("Problems in the kubeconfig files"), this);
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto *expiringHeader = new QHBoxLayout;
    expiringHeader->addWidget(expiringTitle, 1);
    expiringHeader->addWidget(ask);
    ask->setObjectName(QStringLiteral("askClusters"));
    ask->setToolTip(tr("Also read each cluster's serving certificate, its bootstrap tokens' "
                       "expirations and the certificates issued for your requests."));
    topLayout->addLayout(expiringHeader);
    topLayout->addWidget(expiring);
    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    auto *problemsHeader = new QHBoxLayout;
    problemsHeader->addWidget(problemsTitle, 1);
    problemsHeader->addWidget(fix);
    bottomLayout->addLayout(problemsHeader);
    bottomLayout->addWidget(problems);
    whatToDo->setObjectName(QStringLiteral("whatToDo"));
    whatToDo->setWordWrap(true);
    whatToDo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bottomLayout->addWidget(whatToDo);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(bottom);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(summary);
    layout->addWidget(split, 1);

    // What the clusters said goes with the files it was asked for.
    connect(store, &KubeconfigStore::loaded, this, [this] {
        probed.clear();
        refresh();
    });
    connect(problems, &QTreeWidget::currentItemChanged, this, &HygienePanel::updateFix);
    connect(fix, &QPushButton::clicked, this, &HygienePanel::fixSelected);
    connect(ask, &QPushButton::clicked, this, &HygienePanel::askTheClusters);
    refresh();
}

void HygienePanel::askTheClusters()
{
    if (!ask->isEnabled())
        return; // asking already
    ask->setEnabled(false);
    probeContexts(
        store->kubeconfig().merged, std::chrono::seconds(5),
        [](const KubeconfigUser *user) { return user && !user->exec && !user->authProvider; },
        [alive = QPointer<HygienePanel>(this)](std::vector<expiry::Row> found,
                                               std::vector<Unprobed>) {
            if (!alive)
                return;
            alive->probed = std::move(found);
            alive->ask->setEnabled(true);
            alive->refresh();
        });
}

void HygienePanel::refresh()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const LoadedKubeconfig &loaded = store->kubeconfig();
    const QColor warning = warningTextColor(palette());
    expiring->clear();
    int soon = 0;
    std::vector<expiry::Row> rows = expiry::rowsOf(loaded.merged);
    rows.insert(rows.end(), probed.begin(), probed.end());
    expiry::sortBySoonest(rows);
    for (const expiry::Row &row : rows) {
        auto *item =
            new QTreeWidgetItem(expiring, {row.context, expiry::kindName(row.kind), row.subject,
                                           expiry::rfc3339(row.notAfter),
                                           expiry::timeLeft(row.notAfter, now), row.source});
        const expiry::Urgency urgency = expiry::urgencyOf(row.notAfter, now);
        if (urgency == expiry::Urgency::Later)
            continue;
        ++soon;
        QFont font = item->font(0);
        font.setBold(urgency == expiry::Urgency::Expired);
        font.setItalic(urgency == expiry::Urgency::WithinAMonth);
        for (int column = 0; column < expiring->columnCount(); ++column) {
            item->setFont(column, font);
            if (urgency != expiry::Urgency::WithinAMonth)
                item->setForeground(column, warning);
        }
    }
    findings = lint::lint(loaded, lint::systemEnvironment());
    problems->clear();
    for (const lint::Finding &finding : findings) {
        auto *item = new QTreeWidgetItem(
            problems, {finding.severity == lint::Severity::Error ? tr("error") : tr("warning"),
                       finding.file, finding.entry, finding.problem});
        item->setToolTip(3, finding.problem);
        if (finding.severity == lint::Severity::Error)
            for (int column = 0; column < problems->columnCount(); ++column)
                item->setForeground(column, warning);
    }
    // Every column but the last (the longest) fitted to its contents.
    for (QTreeWidget *tree : {expiring, problems})
        for (int column = 0; column + 1 < tree->columnCount(); ++column)
            tree->resizeColumnToContents(column);
    // The most pressing problem is selected, so that what to do about it shows at once.
    if (problems->topLevelItemCount() > 0)
        problems->setCurrentItem(problems->topLevelItem(0));
    summary->setText(tr("Expired or expiring within 30 days: %1. Problems in the kubeconfig "
                        "files: %2.")
                         .arg(soon)
                         .arg(findings.size()));
    updateFix();
}

void HygienePanel::updateFix()
{
    const int row = problems->indexOfTopLevelItem(problems->currentItem());
    fix->setEnabled(row >= 0 && findings[size_t(row)].remedy != lint::Remedy::None);
    whatToDo->setText(row < 0 ? tr("Select a problem to see what to do about it.")
                              : tr("To fix: %1").arg(findings[size_t(row)].fix));
}

bool HygienePanel::fixSelected()
{
    const int row = problems->indexOfTopLevelItem(problems->currentItem());
    if (row < 0 || findings[size_t(row)].remedy == lint::Remedy::None)
        return false;
    const lint::Finding finding = findings[size_t(row)];
    const bool restrict = finding.remedy == lint::Remedy::RestrictPermissions;
    const QString context = finding.entry.section(QLatin1Char('['), 1).chopped(1);
    const QString question =
        restrict ? tr("Let only you read and write %1 (chmod 600)?").arg(finding.file)
                 : tr("Delete context %1 from %2? Its cluster and user entries stay.")
                       .arg(context, finding.file);
    if (QMessageBox::question(this, tr("Fix"), question, QMessageBox::Yes | QMessageBox::Cancel,
                              QMessageBox::Cancel)
        != QMessageBox::Yes)
        return false;
    QString failure;
    if (restrict) {
        if (!QFile::setPermissions(finding.file, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            failure = tr("the permissions of %1 could not be changed").arg(finding.file);
    } else {
        const auto written = editKubeconfigFile(finding.file, [&context](YamlValue &document) {
            return kubeconfig_edit::remove(document, KubeconfigEntryKind::Context, context);
        });
        if (!written)
            failure = written.error().message;
    }
    if (!failure.isEmpty()) {
        QMessageBox::warning(this, tr("Fix"), tr("Not fixed: %1").arg(failure));
        return false;
    }
    store->reload();
    return true;
}

} // namespace kubestrap
