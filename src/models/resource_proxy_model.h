#pragma once

#include <QSortFilterProxyModel>

#include <vector>

namespace kubestrap {

class ResourceTableModel;

// Sorting and searching a ResourceTableModel as the panels do: by each column's sort key, text
// without regard to case, ties in the table's own (namespace/name) order; a search keeps the rows
// where any text column contains it, case-insensitively; a namespace filter keeps that
// namespace's objects.
//
// A sort first ranks the column's keys straight from the table, so the proxy's own sort compares
// two integers per step instead of two QVariants fetched through data(). Rows that arrive later
// are placed by comparing their keys.
class ResourceProxyModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit ResourceProxyModel(ResourceTableModel *table, QObject *parent = nullptr);

    void setSearchText(const QString &text);
    QString searchText() const { return search; }
    // Keeps only the objects of `namespaceName`; all of them when it is empty.
    void setNamespace(const QString &namespaceName);

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool keyLessThan(int leftRow, int rightRow, int column) const;

    ResourceTableModel *table;
    QString search;
    QString keyPrefix; // "namespace/" when one namespace is shown
    // Each row's rank in `rankedColumn`, equal keys equal ranks; emptied when the table changes.
    std::vector<int> ranks;
    int rankedColumn = -1;
};

} // namespace kubestrap
