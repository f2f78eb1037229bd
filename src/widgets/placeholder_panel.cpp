#include "placeholder_panel.h"

#include "heading.h"
#include "ui_placeholder_panel.h"

namespace kubestrap {

PlaceholderPanel::PlaceholderPanel(const QString &title, const QString &plan, QWidget *parent)
    : QWidget(parent), ui(std::make_unique<Ui::PlaceholderPanel>())
{
    ui->setupUi(this);
    ui->title->setText(title);
    ui->plan->setText(plan);
    styleAsHeading(ui->title);
}

PlaceholderPanel::~PlaceholderPanel() = default;

} // namespace kubestrap
