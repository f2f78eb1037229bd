#include "about_dialog.h"

#include "build_info.h"
#include "heading.h"
#include "ui_about_dialog.h"
#include "version.h"

#include <QIcon>

namespace kubestrap {

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent), ui(std::make_unique<Ui::AboutDialog>())
{
    ui->setupUi(this);
    styleAsHeading(ui->name);
    ui->icon->setPixmap(QIcon(QStringLiteral(":/kubestrap/kubestrap.svg")).pixmap(64, 64));
    ui->version->setText(tr("Version %1").arg(QLatin1String(kVersion)));
    ui->buildDetails->setText(buildDescription());
}

AboutDialog::~AboutDialog() = default;

} // namespace kubestrap
