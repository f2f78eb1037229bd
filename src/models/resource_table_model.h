#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>

#include <vector>

namespace kubestrap {

class ResourceStore;
struct StoreChanges;

// A table over a ResourceStore, one row per object the subclass accepts, in key order. Follows the
// store's signals with row insertions, removals and changes, never a reset after the first fill,
// so selections and scroll positions survive. Subclasses say which objects they show and what
// each cell holds.
class ResourceTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    // FilterRole: the text of every column that sorts by its text (not ages or expiries) in one
    // string, for a proxy filtering on all columns at once (set its filterKeyColumn to 0).
    enum Role { SortRole = Qt::UserRole, KeyRole, FilterRole };

    explicit ResourceTableModel(ResourceStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // The row's object, as proxies over this model can ask for it; empty for an invalid index.
    QJsonObject objectAt(const QModelIndex &index) const;

    // For ResourceProxyModel: a cell's sort key without a copy, and whether any text column of a
    // row contains `text` (case-insensitively).
    const QVariant &sortKey(int row, int column) const;
    bool rowContains(int row, QStringView text) const;

protected:
    // Whether the table shows this object of the store; all of them unless a subclass says.
    virtual bool accepts(const QJsonObject &) const { return true; }
    virtual QVariant cell(const QJsonObject &object, int column, int role) const = 0;

    // Tells views that cells derived from the clock (expiries, statuses) changed.
    void refreshColumns(const QList<int> &columns);
    // Names the columns and takes what the store already holds; subclasses call it at the end of
    // their constructor, when accepts() works.
    void populate(const QStringList &columnTitles);

private:
    // Sort keys are computed once per change, not once per comparison: a proxy sorting 100,000
    // rows compares them about two million times. The object itself stays in the store, compact;
    // cells decode it again when a view asks.
    struct Row {
        QString key;
        QVariantList sortKeys;
    };
    Row rowFor(const QString &key, const QJsonObject &object) const;
    QVariant sortKeyOf(const QJsonObject &object, int column) const;
    static QString filterTextOf(const Row &row);

    // A page or a watch burst in one go: rows removed, changed and inserted in contiguous runs,
    // so views and proxies update once per run rather than once per object.
    void apply(const StoreChanges &changes);
    void removeAt(std::vector<qsizetype> positions);
    void insertSorted(std::vector<Row> sorted);
    qsizetype positionOf(const QString &key) const;
    bool holds(qsizetype position, const QString &key) const;
    // The object of a row, decoded once for all the cells a view asks of it in turn.
    const QJsonObject &objectOf(const Row &row) const;

    ResourceStore *store;
    QStringList titles;
    std::vector<Row> rows;
    mutable QString decodedKey;
    mutable QJsonObject decoded;
};

} // namespace kubestrap
