#include "problem_banner.h"

#include "cluster_session.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace kubestrap {

ProblemBanner::ProblemBanner(QWidget *parent) : QFrame(parent), text(new QLabel(this))
{
    setObjectName(QStringLiteral("problem"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    // The palette's own highlight-free warning look: tooltip colours read well in light and dark.
    setBackgroundRole(QPalette::ToolTipBase);
    text->setForegroundRole(QPalette::ToolTipText);
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *retry = new QPushButton(tr("&Retry"), this);
    connect(retry, &QPushButton::clicked, this, &ProblemBanner::retryRequested);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(text, 1);
    layout->addWidget(retry);
    hide();
}

void ProblemBanner::followSession(ClusterSession *session)
{
    connect(this, &ProblemBanner::retryRequested, session, &ClusterSession::reconnect);
    connect(session, &ClusterSession::stateChanged, this, [this, session] {
        if (session->state() == ClusterSession::State::Failed)
            showProblem(session->error());
    });
    if (session->state() == ClusterSession::State::Failed)
        showProblem(session->error());
}

void ProblemBanner::showProblem(const QString &message)
{
    text->setText(message);
    show();
}

void ProblemBanner::clear()
{
    text->clear();
    hide();
}

QString ProblemBanner::message() const
{
    return isVisible() || !text->text().isEmpty() ? text->text() : QString();
}

} // namespace kubestrap
