#include "bootstrap_checklist.h"

#include "bootstrap_wizard.h"

#include "bootstrap_apply.h"

#include "cluster_session.h"
#include "heading.h"
#include "join_command.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kubestrap {

namespace {

QString stateText(DoctorCheck::State state)
{
    switch (state) {
    case DoctorCheck::State::Ok:
        return BootstrapChecklist::tr("✓ ok");
    case DoctorCheck::State::Missing:
        return BootstrapChecklist::tr("✗ missing");
    case DoctorCheck::State::Differs:
        return BootstrapChecklist::tr("≠ differs");
    case DoctorCheck::State::Warning:
        return BootstrapChecklist::tr("! warning");
    }
    return {};
}

bool needsRepair(const DoctorCheck &check)
{
    return check.part
           && (check.state == DoctorCheck::State::Missing
               || check.state == DoctorCheck::State::Differs);
}

} // namespace

BootstrapChecklist::BootstrapChecklist(ClusterSession *session, QWidget *parent)
    : QWidget(parent), session(session), summary(new QLabel(this)), list(new QTreeWidget(this)),
      again(new QPushButton(tr("Check &again"), this)),
      fixButton(new QPushButton(tr("&Fix…"), this))
{
    auto *title = new QLabel(tr("TLS bootstrap"), this);
    styleAsHeading(title, 1.25);
    summary->setObjectName(QStringLiteral("checklistSummary"));
    summary->setWordWrap(true);
    summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    list->setObjectName(QStringLiteral("checklist"));
    list->setHeaderLabels({tr("State"), tr("Check"), tr("Found")});
    list->setRootIsDecorated(false);
    list->setWordWrap(true);
    list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    list->header()->setSectionResizeMode(1, QHeaderView::Interactive);
    list->header()->resizeSection(1, fontMetrics().averageCharWidth() * 48);
    again->setObjectName(QStringLiteral("checkAgain"));
    fixButton->setObjectName(QStringLiteral("fix"));
    fixButton->setToolTip(tr("Open the bootstrap wizard on the missing parts"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(summary, 1);
    buttons->addWidget(again);
    buttons->addWidget(fixButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addLayout(buttons);
    layout->addWidget(list, 1);

    connect(again, &QPushButton::clicked, this, &BootstrapChecklist::checkAgain);
    connect(fixButton, &QPushButton::clicked, this, &BootstrapChecklist::fix);
    connect(session, &ClusterSession::stateChanged, this, [this] {
        if (this->session->state() == ClusterSession::State::Connected)
            checkAgain();
    });
    checkAgain();
}

void BootstrapChecklist::checkAgain()
{
    const quint64 mine = ++run;
    list->clear();
    fixButton->setEnabled(false);
    ApiClient *client =
        session->state() == ClusterSession::State::Connected ? session->client() : nullptr;
    again->setEnabled(client);
    if (!client) {
        summary->setText(tr("Not connected to a cluster: nothing to check."));
        return;
    }
    summary->setText(tr("Checking…"));
    DoctorOptions options;
    options.groups = {QLatin1String(BootstrapToken::kDefaultGroup)};
    options.now = QDateTime::currentDateTimeUtc();
    runBootstrapDoctor(*client, options, std::nullopt,
                       [this, mine](const Result<DoctorReport> &report) {
                           if (mine == run)
                               show(report);
                       });
}

void BootstrapChecklist::show(const Result<DoctorReport> &report)
{
    if (!report) {
        last.reset();
        summary->setText(
            tr("The bootstrap objects cannot be read: %1").arg(report.error().message));
        Q_EMIT checked();
        return;
    }
    last = *report;
    int broken = 0;
    int warnings = 0;
    // What stops nodes first, then what to watch, then what is fine, each in the doctor's order.
    std::vector<DoctorCheck> ordered = report->checks;
    const auto severity = [](const DoctorCheck &check) {
        return check.state == DoctorCheck::State::Ok        ? 2
               : check.state == DoctorCheck::State::Warning ? 1
                                                            : 0;
    };
    std::stable_sort(
        ordered.begin(), ordered.end(),
        [&](const DoctorCheck &a, const DoctorCheck &b) { return severity(a) < severity(b); });
    for (const DoctorCheck &check : ordered) {
        auto *item = new QTreeWidgetItem(list, {stateText(check.state), check.title, check.detail});
        item->setToolTip(2, check.detail);
        broken += check.state == DoctorCheck::State::Missing
                  || check.state == DoctorCheck::State::Differs;
        warnings += check.state == DoctorCheck::State::Warning;
        if (check.state != DoctorCheck::State::Ok) {
            QFont font = item->font(0);
            font.setBold(true);
            item->setFont(0, font);
        }
    }
    const bool repairable = std::any_of(report->checks.begin(), report->checks.end(), needsRepair);
    fixButton->setEnabled(repairable);
    summary->setText(broken > 1    ? tr("%1 things stop nodes from joining.").arg(broken)
                     : broken == 1 ? tr("1 thing stops nodes from joining.")
                     : warnings    ? tr("Nodes can join; see the warnings below.")
                                   : tr("Nodes can join: every part is in place."));
    Q_EMIT checked();
}

BootstrapOptions BootstrapChecklist::repairOptions() const
{
    const ClusterConnection &connection = session->client()->connection();
    BootstrapOptions options;
    options.server = connection.server().toString();
    options.certificateAuthority = connection.certificateAuthorityPem();
    options.groups = {QLatin1String(BootstrapToken::kDefaultGroup)};
    if (auto token = BootstrapToken::generate(QDateTime::currentDateTimeUtc()))
        options.token = *token;
    options.token.extraGroups = options.groups;
    for (const BootstrapPart part : allBootstrapParts())
        options.parts.insert(part);
    return options;
}

void BootstrapChecklist::fix()
{
    if (!last || !session->client())
        return;
    DoctorOptions doctor;
    doctor.groups = {QLatin1String(BootstrapToken::kDefaultGroup)};
    doctor.now = QDateTime::currentDateTimeUtc();
    const auto repair = planRepair(last->snapshot, doctor, repairOptions(), false);
    if (!repair) {
        summary->setText(tr("Cannot fix it from here: %1").arg(repair.error().message));
        return;
    }
    // The wizard starts with only what is missing selected, and the token the cluster has.
    std::set<BootstrapPart> missing;
    for (const PlannedObject &planned : repair->objects)
        missing.insert(planned.part);
    const bool newToken = missing.count(BootstrapPart::Token) != 0;
    BootstrapWizard wizard(session, missing, newToken ? std::nullopt : repair->token, this);
    wizard.exec();
    if (wizard.applied())
        checkAgain();
}

} // namespace kubestrap
