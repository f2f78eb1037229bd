#include "resource_table_model.h"

#include "resource_store.h"

#include <algorithm>

namespace kubestrap {

ResourceTableModel::ResourceTableModel(ResourceStore *store, QObject *parent)
    : QAbstractTableModel(parent), store(store)
{
    connect(store, &ResourceStore::added, this, &ResourceTableModel::onAdded);
    connect(store, &ResourceStore::modified, this, &ResourceTableModel::onModified);
    connect(store, &ResourceStore::deleted, this,
            [this](const QString &key, const QJsonObject &) { onDeleted(key); });
}

void ResourceTableModel::populate(const QStringList &columnTitles)
{
    beginResetModel(); // the one reset: the initial fill
    titles = columnTitles;
    rows.clear();
    for (const auto &[key, object] : store->objects()) {
        if (accepts(object))
            rows.push_back(rowFor(key, object));
    }
    endResetModel();
}

int ResourceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(rows.size());
}

int ResourceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(titles.size());
}

QVariant ResourceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return titles.value(section);
}

QVariant ResourceTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(rows.size()))
        return {};
    const Row &row = rows[size_t(index.row())];
    if (role == KeyRole)
        return row.key;
    if (role == SortRole)
        return row.sortKeys.value(index.column());
    if (role == FilterRole)
        return row.filterText;
    return cell(row.object, index.column(), role);
}

QJsonObject ResourceTableModel::objectAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= int(rows.size()))
        return {};
    return rows[size_t(index.row())].object;
}

ResourceTableModel::Row ResourceTableModel::rowFor(const QString &key,
                                                   const QJsonObject &object) const
{
    Row row{key, object, {}, {}};
    QStringList texts;
    for (int column = 0; column < titles.size(); ++column) {
        row.sortKeys.append(cell(object, column, SortRole));
        texts << cell(object, column, Qt::DisplayRole).toString();
    }
    row.filterText = texts.join(QLatin1Char('\n'));
    return row;
}

qsizetype ResourceTableModel::positionOf(const QString &key) const
{
    const auto it = std::lower_bound(rows.begin(), rows.end(), key,
                                     [](const Row &row, const QString &k) { return row.key < k; });
    return it - rows.begin();
}

void ResourceTableModel::onAdded(const QString &key, const QJsonObject &object)
{
    if (!accepts(object))
        return;
    const qsizetype at = positionOf(key);
    if (at < qsizetype(rows.size()) && rows[size_t(at)].key == key)
        return onModified(key, object);
    beginInsertRows({}, int(at), int(at));
    rows.insert(rows.begin() + at, rowFor(key, object));
    endInsertRows();
}

void ResourceTableModel::onModified(const QString &key, const QJsonObject &object)
{
    const qsizetype at = positionOf(key);
    const bool present = at < qsizetype(rows.size()) && rows[size_t(at)].key == key;
    if (!accepts(object)) // it changed into something this table does not show
        return present ? onDeleted(key) : void();
    if (!present)
        return onAdded(key, object);
    rows[size_t(at)] = rowFor(key, object);
    Q_EMIT dataChanged(index(int(at), 0), index(int(at), columnCount() - 1));
}

void ResourceTableModel::onDeleted(const QString &key)
{
    const qsizetype at = positionOf(key);
    if (at >= qsizetype(rows.size()) || rows[size_t(at)].key != key)
        return;
    beginRemoveRows({}, int(at), int(at));
    rows.erase(rows.begin() + at);
    endRemoveRows();
}

void ResourceTableModel::refreshColumns(const QList<int> &columns)
{
    if (rows.empty())
        return;
    for (Row &row : rows)
        row = rowFor(row.key, row.object);
    for (int column : columns)
        Q_EMIT dataChanged(index(0, column), index(int(rows.size()) - 1, column));
}

} // namespace kubestrap
