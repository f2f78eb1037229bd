#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace kubestrap::cli {

// Aligns rows into columns as Go's text/tabwriter does for kubeadm and kubectl: each column as
// wide as its widest cell plus `padding` spaces, at least `minWidth`; the last cell of a row is
// not padded. kubeadm's token list uses (10, 3).
QString tabulate(const QList<QStringList> &rows, int minWidth = 10, int padding = 3);

} // namespace kubestrap::cli
