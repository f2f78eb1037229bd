#include "main_window.h"

#include "about_dialog.h"
#include "activity_dock.h"
#include "bootstrap_checklist.h"
#include "bootstrap_wizard.h"
#include "certificate_requests_panel.h"
#include "cluster_info_panel.h"
#include "cluster_session.h"
#include "configmaps_panel.h"
#include "context_table_model.h"
#include "export_wizard.h"
#include "human_duration.h"
#include "hygiene_panel.h"
#include "kubeconfig_expiry.h"
#include "kubeconfig_store.h"
#include "kubeconfigs_panel.h"
#include "overview_panel.h"
#include "plugin_sign_in_dialog.h"
#include "rbac_panel.h"
#include "tokens_panel.h"
#include "ui_main_window.h"

#include <QActionGroup>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QSettings>
#include <QTimer>
#include <QToolBar>

namespace kubestrap {

namespace {

const auto kGeometryKey = QStringLiteral("MainWindow/geometry");
const auto kStateKey = QStringLiteral("MainWindow/state");
const auto kLastPanelKey = QStringLiteral("MainWindow/lastPanel");

} // namespace

MainWindow::MainWindow(KubeconfigStore *store, QWidget *parent)
    : QMainWindow(parent), ui(std::make_unique<Ui::MainWindow>()), store(store),
      session(new ClusterSession(store, this)), contexts(new ContextTableModel(store, this))
{
    ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/kubestrap/kubestrap.svg")));
    panelActions = new QActionGroup(this);
    createPanels();
    createContextSwitcher();
    // Out of the way until there is something to show: the first change opens it.
    auto *activity = new ActivityDock(session->activity(), this);
    addDockWidget(Qt::BottomDockWidgetArea, activity);
    activity->hide();
    connect(session->activity(), &QAbstractItemModel::rowsInserted, activity, &QWidget::show);
    ui->viewMenu->addSeparator();
    ui->viewMenu->addAction(activity->toggleViewAction());
    // Fresh caches and a new connection: what to do after fixing a credential or the network.
    auto *reconnect = ui->viewMenu->addAction(tr("&Reconnect"));
    reconnect->setObjectName(QStringLiteral("reconnectAction"));
    reconnect->setShortcut(QKeySequence::Refresh);
    connect(reconnect, &QAction::triggered, session, &ClusterSession::reconnect);
    // A credential plugin waiting for a sign-in says how on its standard error: shown here.
    auto *signIn = new PluginSignInDialog(this);
    const auto followPlugin = [this, signIn] {
        signIn->follow(session->client() ? session->client()->execPlugin() : nullptr,
                       session->context());
    };
    connect(session, &ClusterSession::sessionReplaced, signIn, followPlugin);
    followPlugin();

    connectionState = new QLabel(this);
    connectionState->setObjectName(QStringLiteral("connectionState"));
    ui->statusBar->addPermanentWidget(connectionState);
    connect(store, &KubeconfigStore::loaded, this, &MainWindow::showActiveContext);
    connect(store, &KubeconfigStore::loaded, this, &MainWindow::warnOfExpiry);
    connect(store, &KubeconfigStore::loadFailed, this, &MainWindow::showActiveContext);
    connect(store, &KubeconfigStore::activeContextChanged, this, &MainWindow::showActiveContext);
    connect(session, &ClusterSession::stateChanged, this, &MainWindow::showActiveContext);
    connect(store, &KubeconfigStore::written, this,
            [this](const QString &message) { ui->statusBar->showMessage(message, 10000); });
    showActiveContext();

    connect(ui->navigation, &QListWidget::currentRowChanged, this,
            &MainWindow::onNavigationRowChanged);
    auto *exportAction = new QAction(tr("&Export kubeconfig…"), this);
    exportAction->setObjectName(QStringLiteral("exportAction"));
    exportAction->setShortcut(Qt::CTRL | Qt::Key_E);
    connect(exportAction, &QAction::triggered, this, &MainWindow::exportKubeconfig);
    ui->fileMenu->insertAction(ui->quitAction, exportAction);
    auto *bootstrapAction = new QAction(tr("Set up TLS &bootstrap…"), this);
    bootstrapAction->setObjectName(QStringLiteral("bootstrapAction"));
    bootstrapAction->setShortcut(Qt::CTRL | Qt::Key_B);
    connect(bootstrapAction, &QAction::triggered, this, &MainWindow::setUpBootstrap);
    ui->fileMenu->insertAction(ui->quitAction, bootstrapAction);
    ui->fileMenu->insertSeparator(ui->quitAction);
    connect(ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    ui->splitter->setStretchFactor(1, 1);
    ui->splitter->setSizes({fontMetrics().averageCharWidth() * 24, width()});
    restoreSettings();
    store->reload();
}

MainWindow::~MainWindow() = default;

void MainWindow::createPanels()
{
    addPanel(new OverviewPanel(store, session), QStringLiteral("overview"), tr("Overview"));
    addPanel(new TokensPanel(session), QStringLiteral("tokens"), tr("Tokens"));
    addPanel(new ClusterInfoPanel(session), QStringLiteral("clusterInfo"), tr("Cluster info"));
    auto *configMaps = new ConfigMapsPanel(session);
    connect(configMaps, &ConfigMapsPanel::openPanel, this, &MainWindow::showPanel);
    addPanel(configMaps, QStringLiteral("configmaps"), tr("ConfigMaps"));
    addPanel(new RbacPanel(session), QStringLiteral("rbac"), tr("RBAC"));
    addPanel(new CertificateRequestsPanel(session), QStringLiteral("certificateRequests"),
             tr("Certificate requests"));
    addPanel(new KubeconfigsPanel(store, contexts), QStringLiteral("kubeconfigs"),
             tr("Kubeconfigs"));
    addPanel(new HygienePanel(store), QStringLiteral("hygiene"), tr("Expiry and hygiene"));
}

void MainWindow::warnOfExpiry()
{
    if (expiryChecked)
        return;
    expiryChecked = true;
    const QString context = store->activeContext();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const expiry::Row &row : expiry::rowsOf(store->kubeconfig().merged)) {
        if (row.context != context)
            continue;
        const expiry::Urgency urgency = expiry::urgencyOf(row.notAfter, now);
        if (urgency != expiry::Urgency::Expired && urgency != expiry::Urgency::WithinAWeek)
            return; // soonest first: nothing later is sooner
        const qint64 left = now.secsTo(row.notAfter);
        const QString when = left <= 0 ? tr("expired %1 ago").arg(shortHumanDuration(-left))
                                       : tr("expires in %1").arg(shortHumanDuration(left));
        ui->statusBar->showMessage(
            tr("The %1 of context %2 %3 (%4): see Expiry and hygiene.")
                .arg(expiry::kindName(row.kind), context, when, expiry::rfc3339(row.notAfter)),
            60000);
        return;
    }
}

void MainWindow::createContextSwitcher()
{
    contextSwitcher = new QComboBox(this);
    contextSwitcher->setObjectName(QStringLiteral("contextSwitcher"));
    contextSwitcher->setModel(contexts);
    contextSwitcher->setModelColumn(ContextTableModel::Name);
    contextSwitcher->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    contextSwitcher->setToolTip(
        tr("The context Kubestrap works in. kubectl's current context is not changed."));
    contextSwitcher->setAccessibleName(tr("Context"));
    auto *toolBar = addToolBar(tr("Context"));
    toolBar->setObjectName(QStringLiteral("contextToolBar"));
    toolBar->setMovable(false);
    auto *label = new QLabel(tr("&Context:"), toolBar);
    label->setBuddy(contextSwitcher);
    label->setContentsMargins(6, 0, 6, 0);
    toolBar->addWidget(label);
    toolBar->addWidget(contextSwitcher);
    connect(contextSwitcher, &QComboBox::activated, this, [this](int row) {
        store->setActiveContext(
            contexts->index(row, 0).data(ContextTableModel::ContextNameRole).toString());
    });
}

void MainWindow::showActiveContext()
{
    const QString active = store->activeContext();
    const int row = contexts->rowOf(active);
    contextSwitcher->setCurrentIndex(row);
    contextSwitcher->setEnabled(contexts->rowCount() > 0);
    if (active.isEmpty()) {
        connectionState->setText(contexts->rowCount() > 0 ? tr("No context chosen")
                                                          : tr("No cluster configured"));
        return;
    }
    connectionState->setText(session->summary());
    connectionState->setToolTip(
        session->state() == ClusterSession::State::Connected
            ? tr("Groups: %1").arg(session->identity().groups.join(QStringLiteral(", ")))
            : session->error());
}

void MainWindow::addPanel(QWidget *panel, const QString &panelId, const QString &title)
{
    const int row = ui->panels->addWidget(panel);
    panel->setObjectName(panelId);
    auto *item = new QListWidgetItem(title, ui->navigation);
    item->setSizeHint(QSize(0, fontMetrics().height() * 2)); // comfortable targets for the pointer

    auto *action = ui->viewMenu->addAction(title);
    action->setCheckable(true);
    action->setData(panelId);
    if (row < 9)
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + row)));
    panelActions->addAction(action);
    connect(action, &QAction::triggered, this, [this, row] { ui->navigation->setCurrentRow(row); });
}

void MainWindow::exportKubeconfig()
{
    KubeconfigExportWizard wizard(store, store->activeContext(), session->activity(), this);
    wizard.exec();
    if (!wizard.savedTo().isEmpty())
        ui->statusBar->showMessage(tr("Kubeconfig written to %1").arg(wizard.savedTo()), 10000);
}

void MainWindow::setUpBootstrap()
{
    BootstrapWizard wizard(session, {}, {}, this);
    wizard.exec();
    if (wizard.applied())
        findChild<BootstrapChecklist *>()->checkAgain();
}

QString MainWindow::currentPanel() const
{
    const QWidget *panel = ui->panels->currentWidget();
    return panel ? panel->objectName() : QString();
}

bool MainWindow::showPanel(const QString &panelId)
{
    for (int row = 0; row < ui->panels->count(); ++row) {
        if (ui->panels->widget(row)->objectName() == panelId) {
            ui->navigation->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

void MainWindow::saveScreenshots(const QString &dir,
                                 std::function<void(const QString &problem)> done)
{
    if (!QDir().mkpath(dir))
        return done(tr("cannot create %1").arg(dir));
    // Poll until the connection is settled and the Overview's doctor has answered, then give the
    // watch caches a moment; a cluster that never answers is shot as it is after 30 s.
    auto *poll = new QTimer(this);
    auto waited = std::make_shared<int>(0);
    connect(poll, &QTimer::timeout, this, [this, poll, waited, dir, done] {
        *waited += 100;
        const bool connecting =
            !store->isLoaded() || session->state() == ClusterSession::State::Connecting;
        const auto *checklist = findChild<BootstrapChecklist *>();
        const bool checked = session->state() != ClusterSession::State::Connected
                             || (checklist && checklist->report());
        if ((connecting || !checked) && *waited < 30000)
            return;
        poll->deleteLater();
        // The ConfigMaps panel is shot with the one it explains best open.
        if (auto *configMaps = findChild<ConfigMapsPanel *>())
            configMaps->select(QStringLiteral("kube-system"), QStringLiteral("kubeadm-config"));
        QTimer::singleShot(1000, this, [this, dir, done] {
            const QString original = currentPanel();
            QStringList failed;
            for (int row = 0; row < ui->panels->count(); ++row) {
                const QString id = ui->panels->widget(row)->objectName();
                showPanel(id);
                QCoreApplication::processEvents();
                if (!grab().save(QDir(dir).filePath(id + QStringLiteral(".png"))))
                    failed << id;
            }
            showPanel(original);
            done(failed.isEmpty()
                     ? QString()
                     : tr("cannot write %1 in %2").arg(failed.join(QStringLiteral(", ")), dir));
        });
    });
    poll->start(100);
}

void MainWindow::onNavigationRowChanged(int row)
{
    if (row < 0)
        return;
    ui->panels->setCurrentIndex(row);
    panelActions->actions().at(row)->setChecked(true);
    // Saved at once, not only on close, so a crash does not lose the user's place.
    QSettings().setValue(kLastPanelKey, currentPanel());
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
    if (!showPanel(settings.value(kLastPanelKey).toString()))
        ui->navigation->setCurrentRow(0);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kLastPanelKey, currentPanel());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

} // namespace kubestrap
