#include "certificate_requests_panel.h"

#include "api_paths.h"
#include "cluster_session.h"
#include "csr_review.h"
#include "csr_table_model.h"
#include "heading.h"
#include "kubectl_command.h"
#include "object_table.h"
#include "problem_banner.h"
#include "rbac_index.h"
#include "resource_proxy_model.h"
#include "resource_store.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace kubestrap {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

CertificateRequestsPanel::CertificateRequestsPanel(ClusterSession *session, QWidget *parent)
    : QWidget(parent), session(session), problem(new ProblemBanner(this)),
      search(new QLineEdit(this)), view(new QTableView(this)), details(new QLabel(this)),
      approve(new QPushButton(tr("&Approve…"), this)), deny(new QPushButton(tr("&Deny…"), this))
{
    auto *title = new QLabel(tr("Certificate requests"), this);
    styleAsHeading(title);
    search->setObjectName(QStringLiteral("search"));
    search->setPlaceholderText(tr("Search requests"));
    search->setClearButtonEnabled(true);
    view->setObjectName(QStringLiteral("csrTable"));
    setUpObjectTable(view);
    details->setObjectName(QStringLiteral("csrDetails"));
    details->setWordWrap(true);
    details->setTextFormat(Qt::RichText);
    details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    approve->setObjectName(QStringLiteral("approve"));
    deny->setObjectName(QStringLiteral("deny"));
    connect(approve, &QPushButton::clicked, this, &CertificateRequestsPanel::approveSelected);
    connect(deny, &QPushButton::clicked, this, &CertificateRequestsPanel::denySelected);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(search, 1);
    buttons->addWidget(approve);
    buttons->addWidget(deny);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(view);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(problem);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);

    problem->followSession(session);
    connect(session, &ClusterSession::sessionReplaced, this, &CertificateRequestsPanel::attach);
    attach();
}

CertificateRequestsPanel::~CertificateRequestsPanel() = default;

void CertificateRequestsPanel::attach()
{
    view->setModel(nullptr);
    proxy.reset();
    table.reset();
    problem->clear();
    ResourceStore *store = session->store(paths::certificateSigningRequests());
    if (store) {
        table = std::make_unique<CsrTableModel>(store);
        proxy = std::make_unique<ResourceProxyModel>(table.get());
        view->setModel(proxy.get());
        view->sortByColumn(CsrTableModel::Age, Qt::AscendingOrder);
        // Every column fits its text but the signer, which gives way: its full name is in the
        // details below.
        view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        view->horizontalHeader()->setSectionResizeMode(CsrTableModel::Signer, QHeaderView::Stretch);
        connect(search, &QLineEdit::textChanged, proxy.get(), &ResourceProxyModel::setSearchText);
        connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &CertificateRequestsPanel::showSelection);
        // A decision or an issued certificate changes the selected request in place.
        connect(table.get(), &QAbstractItemModel::dataChanged, this,
                &CertificateRequestsPanel::showSelection);
        connect(store, &ResourceStore::trouble, problem, &ProblemBanner::showProblem);
        // What the approver's judgement reads: the RBAC, and which nodes exist (their names
        // only). The verdict shown is worked out again when either changes.
        connect(session->rbac(), &RbacIndex::changed, this,
                &CertificateRequestsPanel::showSelection);
        connect(nodes(), &ResourceStore::syncedChanged, this,
                &CertificateRequestsPanel::showSelection);
    }
    showSelection();
}

ResourceStore *CertificateRequestsPanel::nodes() const
{
    return session->store(paths::nodes(), &metadataOnly);
}

bool CertificateRequestsPanel::judgementRead() const
{
    const RbacIndex *rbac = session->rbac();
    return rbac && rbac->clusterWide() && nodes() && nodes()->hasSynced();
}

QString CertificateRequestsPanel::selectedName() const
{
    const QModelIndexList rows =
        view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList();
    return rows.isEmpty() ? QString()
                          : rows.first().siblingAtColumn(CsrTableModel::Name).data().toString();
}

std::unique_ptr<CsrReview> CertificateRequestsPanel::reviewSelected() const
{
    const QModelIndexList rows =
        view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty() || !table)
        return nullptr;
    // Until the RBAC is read, the verdict is worked out from none, and not shown.
    static const rbac::Authorizer nothingRead;
    const rbac::Authorizer *authorizer = session->rbac()->clusterWide();
    QSet<QString> nodeNames;
    for (const QString &key : nodes()->keys())
        nodeNames.insert(key.mid(1)); // cluster-scoped keys are "/name"
    return std::make_unique<CsrReview>(reviewCsr(table->objectAt(proxy->mapToSource(rows.first())),
                                                 authorizer ? *authorizer : nothingRead,
                                                 nodeNames));
}

void CertificateRequestsPanel::showSelection()
{
    const auto review = reviewSelected();
    approve->setEnabled(false);
    deny->setEnabled(false);
    if (!review) {
        details->setText(tr("Select a request to see what it asks for."));
        return;
    }
    const bool decided = review->decision != CsrReview::Decision::Pending;
    approve->setEnabled(!decided);
    deny->setEnabled(!decided);
    const QString already =
        decided ? tr("It was already decided; a decision cannot be made again.") : QString();
    approve->setToolTip(already);
    deny->setToolTip(already);

    QStringList lines;
    if (review->request) {
        const x509::RequestInfo &r = *review->request;
        lines << tr("<b>Asks for</b> CN=%1%2 · %3")
                     .arg(escaped(r.commonName),
                          r.organizations.isEmpty()
                              ? QString()
                              : QStringLiteral(", O=")
                                    + escaped(r.organizations.join(QStringLiteral(", O="))),
                          escaped(r.keyType));
        if (!r.dnsNames.isEmpty() || !r.ipAddresses.isEmpty())
            lines << tr("<b>Names</b> %1")
                         .arg(escaped((r.dnsNames + r.ipAddresses).join(QStringLiteral(", "))));
    }
    lines << tr("<b>Sent by</b> %1 (%2)")
                 .arg(escaped(review->requestor),
                      escaped(review->requestorGroups.join(QStringLiteral(", "))));
    lines << tr("<b>Signer</b> %1 · <b>usages</b> %2")
                 .arg(escaped(review->signer), escaped(review->usages.join(QStringLiteral(", "))));
    // A verdict from part of the bindings or nodes would be wrong, not merely late.
    if (!judgementRead()) {
        lines << tr("<b>Approver</b> reading the cluster's roles, bindings and nodes…");
    } else {
        lines << tr("<b>Approver</b> %1").arg(escaped(review->autoApproval));
        for (const QString &risk : review->risks)
            lines << tr("⚠ <b>Risk:</b> %1").arg(escaped(risk));
    }
    details->setText(lines.join(QStringLiteral("<br>")));
}

void CertificateRequestsPanel::decide(const QString &name, bool approving, const QString &message)
{
    ResourceStore *store = session->store(paths::certificateSigningRequests());
    if (!store || !session->client())
        return;
    const auto decided = withDecision(
        store->object(QLatin1Char('/') + name), approving,
        approving ? QStringLiteral("KubestrapApprove") : QStringLiteral("KubestrapDeny"), message);
    if (!decided)
        return problem->showProblem(
            tr("%1 cannot be %2: %3")
                .arg(name, approving ? tr("approved") : tr("denied"), decided.error().message));
    session->client()->update(
        paths::certificateSigningRequests() + QLatin1Char('/') + name + QStringLiteral("/approval"),
        *decided,
        session->logged(
            (approving ? tr("approve certificate request %1") : tr("deny certificate request %1"))
                .arg(name),
            kubectl::decideCertificate(approving, name),
            [this, name](const QJsonObject &, const ApiFailure *failure) {
                if (failure)
                    problem->showProblem(tr("%1: %2").arg(name, failure->message));
            }));
}

void CertificateRequestsPanel::approveSelected()
{
    const auto review = reviewSelected();
    if (!review)
        return;
    if (!review->risks.isEmpty()
        && QMessageBox::warning(this, tr("Approve a risky request"),
                                tr("%1 has risks:\n\n• %2\n\nApprove it anyway?")
                                    .arg(review->name, review->risks.join(QStringLiteral("\n• "))),
                                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
               != QMessageBox::Yes)
        return;
    bool ok = false;
    const QString message = QInputDialog::getText(
        this, tr("Approve %1").arg(review->name), tr("Why (kept in the request's condition):"),
        QLineEdit::Normal, tr("Approved in Kubestrap"), &ok);
    if (ok)
        decide(review->name, true, message);
}

void CertificateRequestsPanel::denySelected()
{
    const auto review = reviewSelected();
    if (!review)
        return;
    bool ok = false;
    const QString message = QInputDialog::getText(this, tr("Deny %1").arg(review->name),
                                                  tr("Why (the requester will read it):"),
                                                  QLineEdit::Normal, QString(), &ok);
    if (ok)
        decide(review->name, false, message);
}

} // namespace kubestrap
