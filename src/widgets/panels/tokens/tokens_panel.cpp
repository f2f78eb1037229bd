#include "tokens_panel.h"

#include "api_paths.h"
#include "bootstrap_cluster.h"
#include "bootstrap_plan.h"
#include "clipboard_guard.h"
#include "cluster_session.h"
#include "heading.h"
#include "human_duration.h"
#include "join_command.h"
#include "kubectl_command.h"
#include "object_table.h"
#include "problem_banner.h"
#include "resource_proxy_model.h"
#include "resource_store.h"
#include "token_dialog.h"
#include "token_table_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

namespace kubestrap {

namespace {

// The token's Secret as kubectl names it.
QString tokenReference(const QString &id)
{
    return kubectl::reference(QStringLiteral("Secret"), QStringLiteral("bootstrap-token-") + id,
                              QStringLiteral("kube-system"));
}

} // namespace

TokensPanel::TokensPanel(ClusterSession *session, QWidget *parent)
    : QWidget(parent), session(session), problem(new ProblemBanner(this)),
      search(new QLineEdit(this)), view(new QTableView(this)), secretLine(new QLabel(this)),
      reveal(new QPushButton(tr("Re&veal"), this))
{
    auto *title = new QLabel(tr("Bootstrap tokens"), this);
    styleAsHeading(title);
    search->setObjectName(QStringLiteral("search"));
    search->setPlaceholderText(tr("Search tokens"));
    search->setClearButtonEnabled(true);
    view->setObjectName(QStringLiteral("tokenTable"));
    setUpObjectTable(view);
    secretLine->setObjectName(QStringLiteral("secret"));
    // Not selectable: on X11 a selection is copied into PRIMARY, where no guard clears it.
    // Copy token puts it on the clipboard, guarded.
    secretLine->setTextInteractionFlags(Qt::NoTextInteraction);
    reveal->setObjectName(QStringLiteral("reveal"));
    reveal->setCheckable(true);

    const auto button = [this](const QString &text, const QString &name, auto slot,
                               bool needsSelection) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        connect(b, &QPushButton::clicked, this, slot);
        if (needsSelection)
            needSelection << b;
        return b;
    };
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(search, 1);
    buttons->addWidget(
        button(tr("&Create…"), QStringLiteral("create"), &TokensPanel::openCreateDialog, false));
    buttons->addWidget(
        button(tr("E&xtend…"), QStringLiteral("extend"), &TokensPanel::extendSelected, true));
    buttons->addWidget(
        button(tr("&Delete…"), QStringLiteral("delete"), &TokensPanel::deleteSelected, true));
    buttons->addWidget(
        button(tr("Copy &token"), QStringLiteral("copyToken"), &TokensPanel::copyToken, true));
    buttons->addWidget(button(tr("Copy &join command"), QStringLiteral("copyJoin"),
                              &TokensPanel::copyJoinCommand, true));
    needSelection << reveal;

    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(secretLine, 1);
    secretRow->addWidget(reveal);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(problem);
    layout->addLayout(buttons);
    layout->addWidget(view, 1);
    layout->addLayout(secretRow);

    connect(reveal, &QPushButton::toggled, this, [this](bool on) {
        revealed = on;
        showSelection();
    });
    connect(new QShortcut(QKeySequence::Delete, view), &QShortcut::activated, this,
            &TokensPanel::deleteSelected);
    connect(new QShortcut(QKeySequence::New, this), &QShortcut::activated, this,
            &TokensPanel::openCreateDialog);
    problem->followSession(session);
    connect(session, &ClusterSession::sessionReplaced, this, &TokensPanel::attach);
    attach();
}

TokensPanel::~TokensPanel() = default;

void TokensPanel::attach()
{
    view->setModel(nullptr);
    proxy.reset();
    table.reset();
    problem->clear();
    ResourceStore *store = session->store(paths::tokenSecretList());
    if (!store) {
        showSelection();
        return;
    }
    table = std::make_unique<TokenTableModel>(store);
    proxy = std::make_unique<ResourceProxyModel>(table.get());
    view->setModel(proxy.get());
    view->sortByColumn(TokenTableModel::Id, Qt::AscendingOrder);
    // Clusters hold a handful of tokens: every column fits its text, the description takes the
    // rest.
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(TokenTableModel::Description,
                                                   QHeaderView::Stretch);
    connect(search, &QLineEdit::textChanged, proxy.get(), &ResourceProxyModel::setSearchText);
    proxy->setSearchText(search->text());
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TokensPanel::showSelection);
    connect(store, &ResourceStore::trouble, this,
            [this](const QString &message) { problem->showProblem(message); });
    connect(store, &ResourceStore::syncedChanged, this, [this] { problem->clear(); });
    showSelection();
}

QString TokensPanel::selectedId() const
{
    const QModelIndexList rows =
        view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList();
    return rows.isEmpty() ? QString()
                          : rows.first().siblingAtColumn(TokenTableModel::Id).data().toString();
}

QString TokensPanel::selectedToken() const
{
    const QModelIndexList rows =
        view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty() || !table)
        return {};
    const auto token =
        BootstrapToken::fromSecret(table->objectAt(proxy->mapToSource(rows.first())));
    return token ? token->token() : QString();
}

void TokensPanel::showSelection()
{
    const QString id = selectedId();
    for (QPushButton *b : needSelection)
        b->setEnabled(!id.isEmpty());
    if (id.isEmpty()) {
        secretLine->setText(tr("Select a token to see, copy or change it."));
        reveal->setChecked(false);
        return;
    }
    const QString token = selectedToken();
    secretLine->setText(token.isEmpty() ? tr("Token %1 is malformed: it cannot be used.").arg(id)
                        : revealed      ? tr("Token: %1").arg(token)
                                        : tr("Token: %1.%2").arg(id, QString(16, QChar(0x2022))));
}

void TokensPanel::createToken(const BootstrapToken &token)
{
    if (!session->client())
        return problem->showProblem(tr("Not connected to a cluster."));
    BootstrapOptions options;
    options.token = token;
    options.parts = {BootstrapPart::Token};
    const auto plan = planBootstrap(options);
    const QString kubectl = plan ? kubectlCommandWithoutSecrets(plan->front()) : QString();
    session->client()->create(
        paths::tokenSecrets(), token.toSecret(),
        session->logged(tr("create token %1").arg(token.id), kubectl,
                        [this, id = token.id](const QJsonObject &, const ApiFailure *failure) {
                            if (failure)
                                problem->showProblem(
                                    tr("Token %1 was not created: %2").arg(id, failure->message));
                        }));
}

void TokensPanel::openCreateDialog()
{
    TokenDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted) {
        if (const auto token = dialog.token())
            createToken(*token);
    }
}

void TokensPanel::deleteSelected()
{
    const QString id = selectedId();
    if (id.isEmpty() || !session->client())
        return;
    if (QMessageBox::question(this, tr("Delete token"),
                              tr("Delete bootstrap token %1? Nodes not yet joined with it will "
                                 "not be able to.")
                                  .arg(id),
                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        != QMessageBox::Yes)
        return;
    session->client()->remove(
        paths::tokenSecret(id),
        session->logged(tr("delete token %1").arg(id),
                        kubectl::remove(QStringLiteral("Secret"),
                                        QStringLiteral("bootstrap-token-") + id,
                                        QStringLiteral("kube-system")),
                        [this, id](const QJsonObject &, const ApiFailure *failure) {
                            if (failure)
                                problem->showProblem(
                                    tr("Token %1 was not deleted: %2").arg(id, failure->message));
                        }));
}

void TokensPanel::extendSelected()
{
    const QString id = selectedId();
    if (id.isEmpty() || !session->client())
        return;
    bool ok = false;
    const QString ttl = QInputDialog::getText(
        this, tr("Extend token"), tr("Token %1 expires after (from now; 0 for never):").arg(id),
        QLineEdit::Normal, QStringLiteral("24h"), &ok);
    if (!ok)
        return;
    const auto seconds = parseGoDuration(ttl);
    if (!seconds || *seconds < 0)
        return problem->showProblem(seconds ? tr("A token cannot expire in the past.")
                                            : seconds.error().message);
    const QJsonValue expiration =
        *seconds ? QJsonValue(QString::fromLatin1(QDateTime::currentDateTimeUtc()
                                                      .addSecs(*seconds)
                                                      .toString(Qt::ISODate)
                                                      .toUtf8()
                                                      .toBase64()))
                 : QJsonValue(QJsonValue::Null);
    const QJsonObject patch{
        {QStringLiteral("data"), QJsonObject{{QStringLiteral("expiration"), expiration}}}};
    session->client()->patch(
        paths::tokenSecret(id), patch,
        session->logged(tr("extend token %1 by %2").arg(id, ttl),
                        kubectl::mergePatch(tokenReference(id), patch),
                        [this, id](const QJsonObject &, const ApiFailure *failure) {
                            if (failure)
                                problem->showProblem(
                                    tr("Token %1 was not extended: %2").arg(id, failure->message));
                        }));
}

void TokensPanel::copyToken()
{
    const QString token = selectedToken();
    if (!token.isEmpty())
        ClipboardGuard::instance()->copySecret(token);
}

void TokensPanel::copyJoinCommand()
{
    const QString token = selectedToken();
    if (token.isEmpty() || !session->client())
        return;
    const QByteArray ca = session->client()->connection().certificateAuthorityPem();
    // Nodes join through kubeadm-config's controlPlaneEndpoint where the cluster has one.
    readJoinServer(*session->client(), [panel = QPointer(this), token, ca](const QUrl &server) {
        if (!panel)
            return;
        const auto command = joinCommand(server, token, ca);
        if (!command)
            return panel->problem->showProblem(command.error().message);
        ClipboardGuard::instance()->copySecret(*command);
    });
}

} // namespace kubestrap
