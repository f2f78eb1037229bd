#include "cluster_info_panel.h"

#include "api_paths.h"
#include "bootstrap_plan.h"
#include "cluster_session.h"
#include "heading.h"
#include "problem_banner.h"
#include "resource_store.h"
#include "x509.h"

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kubestrap {

namespace {

QLabel *valueLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

QString signatureState(SignatureCheck::State state)
{
    switch (state) {
    case SignatureCheck::State::Valid:
        return ClusterInfoPanel::tr("✓ verifies");
    case SignatureCheck::State::Invalid:
        return ClusterInfoPanel::tr("✗ does not verify");
    case SignatureCheck::State::Missing:
        return ClusterInfoPanel::tr("✗ not signed");
    case SignatureCheck::State::UnknownToken:
        return ClusterInfoPanel::tr("? unknown token");
    case SignatureCheck::State::ExpiredToken:
        return ClusterInfoPanel::tr("! expired token");
    }
    return {};
}

} // namespace

ClusterInfoPanel::ClusterInfoPanel(ClusterSession *session, QWidget *parent)
    : QWidget(parent), session(session), problem(new ProblemBanner(this)),
      server(valueLabel(this, QStringLiteral("server"))),
      ca(valueLabel(this, QStringLiteral("ca"))), pin(valueLabel(this, QStringLiteral("pin"))),
      anonymous(valueLabel(this, QStringLiteral("anonymousRead"))),
      signatures(new QTreeWidget(this)), kubeconfig(new QPlainTextEdit(this))
{
    auto *title = new QLabel(tr("Cluster info"), this);
    styleAsHeading(title);
    signatures->setObjectName(QStringLiteral("signatures"));
    signatures->setHeaderLabels({tr("Token"), tr("Signature"), tr("Why")});
    signatures->setRootIsDecorated(false);
    signatures->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    signatures->setMaximumHeight(fontMetrics().height() * 8);
    kubeconfig->setObjectName(QStringLiteral("kubeconfig"));
    kubeconfig->setReadOnly(true);
    kubeconfig->setLineWrapMode(QPlainTextEdit::NoWrap);
    kubeconfig->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *form = new QFormLayout;
    form->addRow(tr("Server:"), server);
    form->addRow(tr("CA:"), ca);
    form->addRow(tr("CA pin:"), pin);
    form->addRow(tr("Anonymous read:"), anonymous);
    auto *buttons = new QHBoxLayout;
    const auto button = [&](const QString &text, const QString &name, auto slot) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        connect(b, &QPushButton::clicked, this, slot);
        buttons->addWidget(b);
    };
    buttons->addStretch(1);
    button(tr("Copy CA &pin"), QStringLiteral("copyPin"), &ClusterInfoPanel::copyPin);
    button(tr("&Set…"), QStringLiteral("set"), &ClusterInfoPanel::openSetDialog);
    button(tr("&Refresh"), QStringLiteral("refresh"), &ClusterInfoPanel::refresh);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(problem);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("Signatures:"), this));
    layout->addWidget(signatures);
    layout->addWidget(new QLabel(tr("The kubeconfig joining nodes read:"), this));
    layout->addWidget(kubeconfig, 1);

    problem->followSession(session);
    connect(session, &ClusterSession::sessionReplaced, this, &ClusterInfoPanel::attach);
    attach();
}

ClusterInfoPanel::~ClusterInfoPanel() = default;

void ClusterInfoPanel::attach()
{
    configMaps = session->store(paths::clusterInfoList());
    tokens = session->store(paths::tokenSecretList());
    for (ResourceStore *store : {configMaps, tokens}) {
        if (!store)
            continue;
        connect(store, &ResourceStore::changed, this, &ClusterInfoPanel::showCaches);
        connect(store, &ResourceStore::syncedChanged, this, &ClusterInfoPanel::refresh);
        connect(store, &ResourceStore::trouble, problem, &ProblemBanner::showProblem);
    }
    refresh();
}

void ClusterInfoPanel::refresh()
{
    showCaches();
    // A request of its own: asked when the caches fill and on Refresh, not on every change.
    checkAnonymousRead();
}

void ClusterInfoPanel::showCaches()
{
    signatures->clear();
    if (!configMaps || !configMaps->hasSynced()) {
        for (QLabel *label : {server, ca, pin, anonymous})
            label->clear();
        kubeconfig->clear();
        return;
    }
    problem->clear();
    const QJsonObject map = configMaps->object(QStringLiteral("kube-public/cluster-info"));
    if (map.isEmpty()) {
        server->setText(tr("There is no cluster-info: joining nodes cannot discover this cluster. "
                           "Set… creates it."));
        for (QLabel *label : {ca, pin, anonymous})
            label->clear();
        kubeconfig->clear();
        return;
    }
    const auto info = decodeClusterInfo(map);
    if (!info) {
        server->setText(info.error().message);
        return;
    }
    server->setText(info->server);
    const QList<QByteArray> certificates = x509::certificatesIn(info->certificateAuthorityPem);
    QStringList described;
    QStringList pins;
    for (const QByteArray &certificate : certificates) {
        if (const auto details = x509::inspect(certificate))
            described << tr("%1 · %2 · %3 · valid %4 to %5")
                             .arg(details->commonName, details->keyType,
                                  details->certificateAuthority ? tr("a CA") : tr("not a CA"),
                                  details->notBefore.toString(Qt::ISODate),
                                  details->notAfter.toString(Qt::ISODate));
        if (const auto hash = x509::publicKeyPin(certificate))
            pins << *hash;
    }
    QStringList deviations = info->deviations;
    ca->setText(described.isEmpty() ? tr("none embedded") : described.join(QLatin1Char('\n')));
    pin->setText(pins.join(QLatin1Char('\n')));
    kubeconfig->setPlainText(QString::fromUtf8(info->kubeconfig));
    if (!deviations.isEmpty())
        problem->showProblem(tr("cluster-info differs from what kubeadm writes: %1")
                                 .arg(deviations.join(QStringLiteral("; "))));

    std::vector<BootstrapToken> known;
    if (tokens) {
        tokens->forEach([&](const QString &, const QJsonObject &secret) {
            if (auto token = BootstrapToken::fromSecret(secret))
                known.push_back(*token);
        });
    }
    for (const SignatureCheck &check :
         checkSignatures(*info, known, QDateTime::currentDateTimeUtc()))
        new QTreeWidgetItem(signatures, {check.tokenId, signatureState(check.state), check.reason});
}

void ClusterInfoPanel::checkAnonymousRead()
{
    if (!session->client())
        return;
    // Asked as a joining node asks: with no credential at all.
    auto stranger = std::shared_ptr<ApiClient>(
        new ApiClient(session->client()->connection().withBearerTokenOnly({})),
        [](ApiClient *client) { client->deleteLater(); });
    QPointer<QLabel> label = anonymous;
    stranger->get(paths::clusterInfo(), [stranger, label](const QJsonObject &,
                                                          const ApiFailure *failure) {
        if (label)
            label->setText(failure ? tr("✗ no: %1").arg(failure->message)
                                   : tr("✓ yes: nodes can read it before they hold a credential"));
    });
}

void ClusterInfoPanel::copyPin()
{
    if (!pin->text().isEmpty())
        QApplication::clipboard()->setText(pin->text());
}

void ClusterInfoPanel::setClusterInfo(const QString &url, const QByteArray &caPem)
{
    if (!session->client())
        return problem->showProblem(tr("Not connected to a cluster."));
    BootstrapOptions options;
    options.server = url;
    options.certificateAuthority = caPem;
    options.parts = {BootstrapPart::ClusterInfo};
    const auto plan = planBootstrap(options);
    if (!plan)
        return problem->showProblem(plan.error().message);
    session->applyPlan(
        *plan, tr("set cluster-info to %1").arg(url), [this](bool ok, const QString &why) {
            if (!ok)
                problem->showProblem(tr("cluster-info was not changed: %1").arg(why));
        });
}

void ClusterInfoPanel::openSetDialog()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Set cluster-info"));
    auto *url = new QLineEdit(&dialog);
    url->setObjectName(QStringLiteral("serverUrl"));
    url->setText(server->text().startsWith(QLatin1String("https://"))
                     ? server->text()
                     : (session->client() ? session->client()->connection().server().toString()
                                          : QString()));
    auto *file = new QLineEdit(&dialog);
    file->setObjectName(QStringLiteral("caFile"));
    file->setPlaceholderText(tr("the context's CA when empty"));
    auto *browse = new QPushButton(tr("&Browse…"), &dialog);
    connect(browse, &QPushButton::clicked, &dialog, [&dialog, file] {
        const QString chosen = QFileDialog::getOpenFileName(
            &dialog, tr("CA certificate"), {}, tr("Certificates (*.crt *.pem);;All files (*)"));
        if (!chosen.isEmpty())
            file->setText(chosen);
    });
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(file, 1);
    fileRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("API server &URL nodes use:"), url);
    form->addRow(tr("&CA certificate file:"), fileRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addLayout(form);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QByteArray caPem = session->client() ? session->client()->connection().certificateAuthorityPem()
                                         : QByteArray();
    if (!file->text().isEmpty()) {
        QFile ca(file->text());
        if (!ca.open(QIODevice::ReadOnly))
            return problem->showProblem(
                tr("Cannot read %1: %2").arg(file->text(), ca.errorString()));
        caPem = ca.readAll();
    }
    setClusterInfo(url->text().trimmed(), caPem);
}

} // namespace kubestrap
