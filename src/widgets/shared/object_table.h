#pragma once

class QTableView;

namespace kubestrap {

// A table of Kubernetes objects as every panel shows one: a whole row selected at a time, sorted
// by a click on a header, one line per row in alternating colours, no row numbers (the rows are
// named by their columns).
void setUpObjectTable(QTableView *view);

} // namespace kubestrap
