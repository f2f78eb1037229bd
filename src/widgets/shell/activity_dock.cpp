#include "activity_dock.h"

#include "activity_log.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace kubestrap {

ActivityDock::ActivityDock(ActivityLog *log, QWidget *parent)
    : QDockWidget(tr("Activity"), parent), view(new QTableView(this))
{
    setObjectName(QStringLiteral("activity"));
    view->setObjectName(QStringLiteral("activityTable"));
    view->setModel(log);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    auto *copy = new QPushButton(tr("Copy &kubectl command"), this);
    copy->setObjectName(QStringLiteral("copyKubectl"));
    connect(copy, &QPushButton::clicked, this, &ActivityDock::copyCommand);
    // The newest change is the one an admin looks for.
    connect(log, &QAbstractItemModel::rowsInserted, view,
            [this](const QModelIndex &, int, int last) {
                view->selectRow(last);
                view->scrollToBottom();
            });

    auto *contents = new QWidget(this);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(copy);
    auto *layout = new QVBoxLayout(contents);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(view, 1);
    layout->addLayout(buttons);
    setWidget(contents);
}

void ActivityDock::copyCommand()
{
    const QModelIndexList rows = view->selectionModel()->selectedRows(ActivityLog::Kubectl);
    if (!rows.isEmpty())
        QApplication::clipboard()->setText(rows.first().data().toString());
}

} // namespace kubestrap
