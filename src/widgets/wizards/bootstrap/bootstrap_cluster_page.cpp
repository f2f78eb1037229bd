#include "bootstrap_cluster_page.h"

#include "bootstrap_cluster.h"
#include "bootstrap_draft.h"
#include "cluster_session.h"
#include "kubeconfig_store.h"
#include "x509.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QUrl>
#include <QVBoxLayout>

namespace kubestrap {

BootstrapClusterPage::BootstrapClusterPage(BootstrapDraft *draft, QWidget *parent)
    : QWizardPage(parent), draft(draft), context(new QComboBox(this)), where(new QLabel(this)),
      offline(
          new QCheckBox(tr("Offline: wr&ite the objects and a kubectl script to a folder"), this)),
      server(new QLineEdit(this)), caSource(new QButtonGroup(this)), caFile(new QLineEdit(this)),
      caDetails(new QLabel(this)), problemText(new QLabel(this))
{
    setTitle(tr("Cluster"));
    setSubTitle(tr("Where nodes will join, and the CA they will trust."));
    context->setObjectName(QStringLiteral("context"));
    context->setToolTip(tr("Choosing another context here switches the window to it."));
    where->setObjectName(QStringLiteral("where"));
    where->setWordWrap(true);
    offline->setObjectName(QStringLiteral("offline"));
    server->setObjectName(QStringLiteral("server"));
    server->setPlaceholderText(QStringLiteral("https://10.0.0.1:6443"));
    caFile->setObjectName(QStringLiteral("caFile"));
    caFile->setPlaceholderText(tr("a PEM file, such as /etc/kubernetes/pki/ca.crt"));
    caDetails->setObjectName(QStringLiteral("caDetails"));
    caDetails->setWordWrap(true);
    caDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problemText->setObjectName(QStringLiteral("problem"));
    problemText->setWordWrap(true);
    auto *browse = new QPushButton(tr("Bro&wse…"), this);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(caFile, 1);
    fileRow->addWidget(browse);

    auto *form = new QFormLayout;
    form->addRow(tr("C&ontext:"), context);
    form->addRow(QString(), where);
    form->addRow(QString(), offline);
    form->addRow(tr("API &server for nodes:"), server);
    const std::pair<CaSource, QString> sources[] = {
        {FromKubeconfig, tr("The CA of this context's &kubeconfig")},
        {FromFile, tr("A CA &file:")},
        {FromServer, tr("The CA the server &presents (check its pin before trusting it)")}};
    auto *sourceBox = new QVBoxLayout;
    for (const auto &[id, text] : sources) {
        auto *button = new QRadioButton(text, this);
        button->setObjectName(QStringLiteral("ca%1").arg(int(id)));
        caSource->addButton(button, id);
        sourceBox->addWidget(button);
        if (id == FromFile)
            sourceBox->addLayout(fileRow);
    }
    form->addRow(tr("CA:"), sourceBox);
    form->addRow(QString(), caDetails);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(problemText);

    connect(server, &QLineEdit::textChanged, this, [this] {
        problemText->setText(problem());
        Q_EMIT completeChanged();
    });
    connect(caSource, &QButtonGroup::idClicked, this, &BootstrapClusterPage::loadCa);
    connect(caFile, &QLineEdit::textChanged, this, &BootstrapClusterPage::loadCa);
    connect(offline, &QCheckBox::toggled, this, &BootstrapClusterPage::completeChanged);
    if (draft->session) {
        connect(context, &QComboBox::activated, this, [this] {
            this->draft->session->kubeconfigStore()->setActiveContext(context->currentText());
        });
        // A switch (here or in the window) reconnects: the page follows the new cluster.
        connect(draft->session, &ClusterSession::stateChanged, this, [this] {
            server->clear();
            showSession();
        });
    }
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getOpenFileName(this, tr("The cluster's CA"));
        if (!chosen.isEmpty()) {
            caFile->setText(chosen);
            chooseCa(FromFile);
        }
    });
}

void BootstrapClusterPage::initializePage()
{
    context->clear();
    if (draft->session) {
        for (const auto &[name, ignored] :
             draft->session->kubeconfigStore()->kubeconfig().merged.contexts)
            context->addItem(name);
        context->setCurrentText(draft->session->context());
    }
    context->setEnabled(context->count() > 0);
    showSession();
}

void BootstrapClusterPage::showSession()
{
    ApiClient *client = draft->session ? draft->session->client() : nullptr;
    const bool connected = client && draft->session->state() == ClusterSession::State::Connected;
    const bool connecting =
        draft->session && draft->session->state() == ClusterSession::State::Connecting;
    where->setText(connected    ? tr("Applied to: %1.").arg(draft->session->summary())
                   : connecting ? tr("Connecting…")
                                : tr("No cluster is connected: the wizard writes files instead."));
    offline->setChecked(draft->offline || !connected);
    offline->setEnabled(connected);
    if (client && server->text().isEmpty()) {
        const QString own = client->connection().server().toString();
        server->setText(own);
        // On a kubeadm cluster nodes join through its controlPlaneEndpoint: shown once read,
        // unless the user has typed an address meanwhile.
        readJoinServer(*client, [page = QPointer(this), own](const QUrl &join) {
            if (page && page->server->text() == own)
                page->server->setText(join.toString());
        });
    }
    caSource->button(FromServer)->setEnabled(connected);
    caSource->button(FromKubeconfig)->setEnabled(client != nullptr);
    chooseCa(client ? FromKubeconfig : FromFile);
}

void BootstrapClusterPage::chooseCa(CaSource source)
{
    caSource->button(source)->setChecked(true);
    loadCa();
}

void BootstrapClusterPage::loadCa()
{
    ca.clear();
    caError.clear();
    ApiClient *client = draft->session ? draft->session->client() : nullptr;
    switch (CaSource(caSource->checkedId())) {
    case FromKubeconfig:
        if (client)
            showCa(client->connection().certificateAuthorityPem(), tr("the kubeconfig"));
        break;
    case FromFile: {
        QFile file(caFile->text().trimmed());
        if (caFile->text().trimmed().isEmpty())
            caError = tr("choose the CA file");
        else if (!file.open(QIODevice::ReadOnly))
            caError = tr("cannot read %1: %2").arg(file.fileName(), file.errorString());
        else
            showCa(file.readAll(), file.fileName());
        break;
    }
    case FromServer:
        caError = tr("asking the server for its certificates…");
        if (client)
            client->serverCertificates(
                [this](const QList<QByteArray> &chain, const ApiFailure *failure) {
                    if (caSource->checkedId() != FromServer)
                        return;
                    if (failure || chain.isEmpty()) {
                        caError = failure ? failure->message : tr("the server presented nothing");
                    } else {
                        // The last certificate of the chain is the one closest to the root.
                        const auto info = x509::inspect(chain.last());
                        if (!info || !info->certificateAuthority)
                            caError = tr("the server does not present its CA: use the kubeconfig's "
                                         "or a file");
                        else
                            showCa(x509::toPem(chain.last()), tr("the server"));
                    }
                    problemText->setText(problem());
                    Q_EMIT completeChanged();
                });
        break;
    }
    if (ca.isEmpty())
        caDetails->clear();
    problemText->setText(problem());
    Q_EMIT completeChanged();
}

void BootstrapClusterPage::showCa(const QByteArray &pem, const QString &from)
{
    // The first certificate of the bundle is the one described and pinned.
    const auto info = x509::inspect(pem);
    if (!info) {
        caError = tr("%1 holds no readable certificate").arg(from);
        return;
    }
    if (!info->certificateAuthority) {
        caError = tr("%1's certificate (%2) is not a CA").arg(from, info->commonName);
        return;
    }
    ca = pem;
    const auto pin = x509::publicKeyPin(pem);
    caDetails->setText(tr("%1 · %2 · valid until %3\npin %4")
                           .arg(info->commonName, info->keyType,
                                info->notAfter.toString(Qt::ISODate), pin ? *pin : QString()));
}

QString BootstrapClusterPage::problem() const
{
    const QUrl url(server->text().trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty())
        return tr("The API server must be an https:// URL that nodes can reach.");
    if (ca.isEmpty())
        return caError.isEmpty() ? tr("Choose the CA nodes will trust.") : caError;
    return {};
}

bool BootstrapClusterPage::isComplete() const
{
    return problem().isEmpty();
}

bool BootstrapClusterPage::validatePage()
{
    draft->offline = offline->isChecked();
    draft->options.server = server->text().trimmed();
    draft->options.certificateAuthority = ca;
    return true;
}

} // namespace kubestrap
