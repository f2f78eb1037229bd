#include "object_table.h"

#include <QHeaderView>
#include <QTableView>

namespace kubestrap {

void setUpObjectTable(QTableView *view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setSortingEnabled(true);
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
}

} // namespace kubestrap
