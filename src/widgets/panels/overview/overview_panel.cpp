#include "overview_panel.h"

#include "bootstrap_checklist.h"
#include "heading.h"
#include "kubeconfig_store.h"
#include "ui_overview_panel.h"

#include <QFileInfo>

namespace kubestrap {

OverviewPanel::OverviewPanel(KubeconfigStore *store, ClusterSession *session, QWidget *parent)
    : QWidget(parent), ui(std::make_unique<Ui::OverviewPanel>()), store(store),
      checklist(new BootstrapChecklist(session, this))
{
    ui->setupUi(this);
    // After the kubeconfig files it was read from, taking the rest of the panel.
    ui->layout->insertWidget(ui->layout->indexOf(ui->kubeconfigSources) + 1, checklist, 1);
    styleAsHeading(ui->title);
    styleAsHeading(ui->connectionHeadline, 1.25);
    connect(store, &KubeconfigStore::loaded, this, &OverviewPanel::showState);
    connect(store, &KubeconfigStore::loadFailed, this, &OverviewPanel::showState);
    connect(store, &KubeconfigStore::activeContextChanged, this, &OverviewPanel::showState);
    showState();
}

OverviewPanel::~OverviewPanel() = default;

void OverviewPanel::showState()
{
    const QString active = store->activeContext();
    if (!store->loadError().isEmpty())
        ui->connectionHeadline->setText(tr("The kubeconfig cannot be read"));
    else if (store->kubeconfig().merged.contexts.empty())
        ui->connectionHeadline->setText(tr("No cluster configured"));
    else if (active.isEmpty())
        ui->connectionHeadline->setText(tr("No context chosen"));
    else
        ui->connectionHeadline->setText(tr("Context %1").arg(active));
    showSources();
}

void OverviewPanel::showSources()
{
    const KubeconfigSources &sources = store->sources();
    QString why;
    switch (sources.origin) {
    case KubeconfigSources::Origin::Flag:
        why = tr("The file given with --kubeconfig:");
        break;
    case KubeconfigSources::Origin::Environment:
        why = tr("The files listed in the KUBECONFIG environment variable:");
        break;
    case KubeconfigSources::Origin::Default:
        why = tr("KUBECONFIG is not set, so the default file:");
        break;
    }
    QString explanation =
        tr("Kubestrap reads kubeconfig files as kubectl does (see the Kubeconfigs panel) and "
           "works on the cluster of the context you choose; the status bar says as whom. With no "
           "kubeconfig, ./scripts/run starts the built-in sandbox cluster and uses its "
           "kubeconfig. Kubestrap looks for a kubeconfig where kubectl does. %1")
            .arg(why);
    if (!store->loadError().isEmpty())
        explanation = store->loadError() + QStringLiteral("\n\n") + explanation;
    ui->connectionExplanation->setText(explanation);

    ui->kubeconfigSources->clear();
    for (const QString &path : sources.paths) {
        const QFileInfo info(path);
        const QString state = !info.exists()  ? tr("not found")
                              : info.isFile() ? tr("found")
                                              : tr("not a file");
        auto *item = new QTreeWidgetItem(ui->kubeconfigSources, {path, state});
        item->setToolTip(0, path);
    }
    ui->kubeconfigSources->resizeColumnToContents(0);
}

} // namespace kubestrap
