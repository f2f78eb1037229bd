#include "overview_panel.h"

#include "heading.h"
#include "ui_overview_panel.h"

#include <QFileInfo>

namespace kubestrap {

OverviewPanel::OverviewPanel(const KubeconfigSources &sources, QWidget *parent)
    : QWidget(parent), ui(std::make_unique<Ui::OverviewPanel>())
{
    ui->setupUi(this);
    styleAsHeading(ui->title);
    styleAsHeading(ui->connectionHeadline, 1.25);
    showSources(sources);
}

OverviewPanel::~OverviewPanel() = default;

void OverviewPanel::showSources(const KubeconfigSources &sources)
{
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
    ui->connectionExplanation->setText(
        tr("Kubestrap cannot connect to a cluster yet: reading kubeconfig files and the built-in "
           "sandbox cluster arrive in the next releases. Nothing in this window reads or changes "
           "a cluster.\n\nKubestrap will look for a kubeconfig where kubectl does. %1")
            .arg(why));

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
