#include "kubeconfigs_panel.h"

#include "context_details.h"
#include "context_table_model.h"
#include "heading.h"
#include "kubeconfig_store.h"
#include "ui_kubeconfigs_panel.h"

#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>

namespace kubestrap {

KubeconfigsPanel::KubeconfigsPanel(KubeconfigStore *store, ContextTableModel *model,
                                   QWidget *parent)
    : QWidget(parent), ui(std::make_unique<Ui::KubeconfigsPanel>()), store(store), model(model),
      proxy(new QSortFilterProxyModel(this))
{
    ui->setupUi(this);
    styleAsHeading(ui->title);
    proxy->setSourceModel(model);
    proxy->setSortRole(ContextTableModel::SortRole);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    ui->contexts->setModel(proxy);
    ui->contexts->sortByColumn(ContextTableModel::Name, Qt::AscendingOrder);
    ui->contexts->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Fusion sizes push buttons a few pixels narrower than it draws their labels.
    for (QPushButton *button : {ui->activateButton, ui->useInKubectlButton, ui->reloadButton})
        button->setMinimumWidth(button->sizeHint().width() + 2 * fontMetrics().averageCharWidth());
    ui->splitter->setStretchFactor(0, 3);
    ui->splitter->setStretchFactor(1, 2);

    connect(ui->filter, &QLineEdit::textChanged, proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(ui->contexts->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        ui->revealSecrets->setChecked(false); // secrets are masked again for every new selection
        showDetails();
        updateActions();
    });
    connect(ui->revealSecrets, &QCheckBox::toggled, this, &KubeconfigsPanel::showDetails);
    connect(ui->contexts, &QAbstractItemView::doubleClicked, ui->activateButton,
            &QPushButton::click);
    connect(ui->activateButton, &QPushButton::clicked, this,
            [this] { this->store->setActiveContext(selectedContext()); });
    connect(ui->useInKubectlButton, &QPushButton::clicked, this,
            [this] { this->store->useContextInKubectl(selectedContext()); });
    connect(ui->reloadButton, &QPushButton::clicked, store, &KubeconfigStore::reload);
    connect(store, &KubeconfigStore::loaded, this, &KubeconfigsPanel::showLoadState);
    connect(store, &KubeconfigStore::loadFailed, this, &KubeconfigsPanel::showLoadState);
    connect(store, &KubeconfigStore::writeFailed, this, [this](const QString &message) {
        ui->loadState->setText(tr("Could not change the kubeconfig: %1").arg(message));
    });
    connect(store, &KubeconfigStore::written, this,
            [this](const QString &message) { ui->loadState->setText(message); });
    connect(store, &KubeconfigStore::linkInTheWay, this, &KubeconfigsPanel::askToWriteThroughLink);
    connect(model, &QAbstractItemModel::dataChanged, this, &KubeconfigsPanel::showDetails);
    connect(model, &QAbstractItemModel::rowsInserted, this, &KubeconfigsPanel::fitColumns);
    connect(store, &KubeconfigStore::activeContextChanged, this, &KubeconfigsPanel::updateActions);
    showLoadState();
    updateActions();
}

KubeconfigsPanel::~KubeconfigsPanel() = default;

QString KubeconfigsPanel::selectedContext() const
{
    const QModelIndexList rows = ui->contexts->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString()
                          : rows.first().data(ContextTableModel::ContextNameRole).toString();
}

void KubeconfigsPanel::selectContext(const QString &name)
{
    const int row = model->rowOf(name);
    if (row < 0)
        return;
    const QModelIndex index = proxy->mapFromSource(model->index(row, 0));
    ui->contexts->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect
                                                      | QItemSelectionModel::Rows);
    ui->contexts->scrollTo(index);
}

void KubeconfigsPanel::fitColumns()
{
    // Fit the contents, but no column may push the others out of sight (EKS names are ARNs).
    // Judged on the rows in sight and a few hundred more: a fleet's kubeconfig has thousands.
    ui->contexts->horizontalHeader()->setResizeContentsPrecision(300);
    ui->contexts->resizeColumnsToContents();
    const int widest = fontMetrics().averageCharWidth() * 32;
    QHeaderView *header = ui->contexts->horizontalHeader();
    for (int column = 0; column < header->count(); ++column)
        header->resizeSection(column, std::min(header->sectionSize(column), widest));
    if (selectedContext().isEmpty())
        selectContext(store->activeContext());
}

void KubeconfigsPanel::showLoadState()
{
    if (!store->loadError().isEmpty()) {
        ui->loadState->setText(
            tr("The kubeconfig cannot be read: %1\nFix the file and press Reload; until then "
               "Kubestrap shows what it read last.")
                .arg(store->loadError()));
        return;
    }
    const LoadedKubeconfig &loaded = store->kubeconfig();
    QStringList files;
    for (const KubeconfigFile &file : loaded.files)
        files << file.path;
    QString state = files.isEmpty() ? tr("No kubeconfig file found. Looked for: %1")
                                          .arg(store->sources().paths.join(QStringLiteral(", ")))
                                    : tr("Contexts: %1, from %2")
                                          .arg(loaded.merged.contexts.size())
                                          .arg(files.join(QStringLiteral(", ")));
    for (const QString &warning : loaded.warnings)
        state += QLatin1Char('\n') + tr("Warning: %1").arg(warning);
    ui->loadState->setText(state);
}

void KubeconfigsPanel::showDetails()
{
    const QString name = selectedContext();
    ui->details->setHtml(name.isEmpty() ? QString()
                                        : contextDetailsHtml(store->kubeconfig().merged, name,
                                                             ui->revealSecrets->isChecked()));
}

void KubeconfigsPanel::updateActions()
{
    const QString name = selectedContext();
    ui->activateButton->setEnabled(!name.isEmpty() && name != store->activeContext());
    ui->useInKubectlButton->setEnabled(!name.isEmpty()
                                       && name != store->kubeconfig().merged.currentContext);
    ui->revealSecrets->setEnabled(!name.isEmpty());
}

void KubeconfigsPanel::askToWriteThroughLink(const QString &context, const QString &message)
{
    // A kubeconfig kept in dotfiles (stow, home-manager) is a link: writing through it changes
    // the file it points to, which is what kubectl does. Asked once, or always if the user says.
    QMessageBox box(QMessageBox::Question, tr("Write through the link?"),
                    tr("%1.\n\nWrite the change to the file the link points to, as kubectl "
                       "would?")
                        .arg(message),
                    QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("writeThroughLink"));
    QPushButton *once = box.addButton(tr("&Write through the link"), QMessageBox::AcceptRole);
    QPushButton *always = box.addButton(tr("&Always write through links"), QMessageBox::AcceptRole);
    box.setDefaultButton(once);
    box.exec();
    if (box.clickedButton() == always)
        KubeconfigStore::setWritesThroughLinks(true);
    if (box.clickedButton() == once || box.clickedButton() == always)
        store->useContextInKubectl(context, true);
    else
        ui->loadState->setText(tr("Not changed: %1").arg(message));
}

} // namespace kubestrap
