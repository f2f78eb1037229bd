#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>

#include <vector>

namespace kubestrap {

class ResourceStore;

// A table over a ResourceStore, one row per object the subclass accepts, in key order. Follows the
// store's signals with row insertions, removals and changes, never a reset after the first fill,
// so selections and scroll positions survive. Subclasses say which objects they show and what
// each cell holds.
class ResourceTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    // FilterRole: every column's text in one string, for a proxy filtering on all columns at once
    // (set its filterKeyColumn to 0).
    enum Role { SortRole = Qt::UserRole, KeyRole, FilterRole };

    explicit ResourceTableModel(ResourceStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // The row's object, as proxies over this model can ask for it; empty for an invalid index.
    QJsonObject objectAt(const QModelIndex &index) const;

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
    void onAdded(const QString &key, const QJsonObject &object);
    void onModified(const QString &key, const QJsonObject &object);
    void onDeleted(const QString &key);
    qsizetype positionOf(const QString &key) const;

    // Sort keys and filter text are computed once per change, not once per comparison: a proxy
    // sorting 100,000 rows compares them about two million times.
    struct Row {
        QString key;
        QJsonObject object;
        QVariantList sortKeys;
        QString filterText;
    };
    Row rowFor(const QString &key, const QJsonObject &object) const;

    ResourceStore *store;
    QStringList titles;
    std::vector<Row> rows;
};

} // namespace kubestrap
