#include "resource_table_model.h"

#include "resource_store.h"

#include <algorithm>

namespace kubestrap {

ResourceTableModel::ResourceTableModel(ResourceStore *store, QObject *parent)
    : QAbstractTableModel(parent), store(store)
{
    connect(store, &ResourceStore::changed, this, &ResourceTableModel::apply);
}

void ResourceTableModel::populate(const QStringList &columnTitles)
{
    beginResetModel(); // the one reset: the initial fill
    titles = columnTitles;
    rows.clear();
    store->forEach([this](const QString &key, const QJsonObject &object) {
        if (accepts(object))
            rows.push_back(rowFor(key, object));
    });
    decodedKey.clear();
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
        return filterTextOf(row);
    return cell(objectOf(row), index.column(), role);
}

const QVariant &ResourceTableModel::sortKey(int row, int column) const
{
    static const QVariant none;
    if (row < 0 || row >= int(rows.size()) || column < 0
        || column >= rows[size_t(row)].sortKeys.size())
        return none;
    return rows[size_t(row)].sortKeys.at(column);
}

bool ResourceTableModel::rowContains(int row, QStringView text) const
{
    if (row < 0 || row >= int(rows.size()))
        return false;
    for (const QVariant &key : rows[size_t(row)].sortKeys) {
        if (key.typeId() == QMetaType::QString
            && static_cast<const QString *>(key.constData())->contains(text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QVariant ResourceTableModel::sortKeyOf(const QJsonObject &object, int column) const
{
    const QString text = cell(object, column, Qt::DisplayRole).toString();
    const QVariant sortKey = cell(object, column, SortRole);
    // Most columns sort by their text: keep one copy of it, not two.
    return sortKey.toString() == text ? QVariant(text) : sortKey;
}

QString ResourceTableModel::filterTextOf(const Row &row)
{
    // Joined when a proxy asks rather than kept: 50,000 rows would hold another 12 MB of text,
    // and joining them all takes a few milliseconds.
    QString text;
    for (const QVariant &key : row.sortKeys) {
        if (key.typeId() == QMetaType::QString) {
            text += key.toString();
            text += QLatin1Char('\n');
        }
    }
    return text;
}

const QJsonObject &ResourceTableModel::objectOf(const Row &row) const
{
    if (decodedKey != row.key) {
        decoded = store->object(row.key);
        decodedKey = row.key;
    }
    return decoded;
}

QJsonObject ResourceTableModel::objectAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= int(rows.size()))
        return {};
    return objectOf(rows[size_t(index.row())]);
}

ResourceTableModel::Row ResourceTableModel::rowFor(const QString &key,
                                                   const QJsonObject &object) const
{
    Row row{key, {}};
    row.sortKeys.reserve(titles.size());
    for (int column = 0; column < titles.size(); ++column)
        row.sortKeys.append(sortKeyOf(object, column));
    return row;
}

qsizetype ResourceTableModel::positionOf(const QString &key) const
{
    const auto it = std::lower_bound(rows.begin(), rows.end(), key,
                                     [](const Row &row, const QString &k) { return row.key < k; });
    return it - rows.begin();
}

bool ResourceTableModel::holds(qsizetype position, const QString &key) const
{
    return position < qsizetype(rows.size()) && rows[size_t(position)].key == key;
}

void ResourceTableModel::apply(const StoreChanges &changes)
{
    decodedKey.clear();
    std::vector<qsizetype> removed;
    for (const QString &key : changes.deleted) {
        if (const qsizetype at = positionOf(key); holds(at, key))
            removed.push_back(at);
    }
    std::vector<Row> inserted;
    std::vector<qsizetype> changed;
    for (const auto *list : {&changes.added, &changes.modified}) {
        for (const DecodedObject &item : *list) {
            const qsizetype at = positionOf(item.key);
            const bool present = holds(at, item.key);
            if (!accepts(item.object)) { // it may have changed into something not shown here
                if (present)
                    removed.push_back(at);
            } else if (present) {
                rows[size_t(at)] = rowFor(item.key, item.object);
                changed.push_back(at);
            } else {
                inserted.push_back(rowFor(item.key, item.object));
            }
        }
    }
    // Changed rows first, while the positions still hold: one dataChanged per contiguous run.
    std::sort(changed.begin(), changed.end());
    for (size_t first = 0; first < changed.size();) {
        size_t last = first;
        while (last + 1 < changed.size() && changed[last + 1] == changed[last] + 1)
            ++last;
        Q_EMIT dataChanged(index(int(changed[first]), 0),
                           index(int(changed[last]), columnCount() - 1));
        first = last + 1;
    }
    removeAt(std::move(removed));
    std::sort(inserted.begin(), inserted.end(),
              [](const Row &a, const Row &b) { return a.key < b.key; });
    insertSorted(std::move(inserted));
}

void ResourceTableModel::removeAt(std::vector<qsizetype> positions)
{
    // From the bottom up, so the positions above stay true.
    std::sort(positions.begin(), positions.end(), std::greater<>());
    for (size_t first = 0; first < positions.size();) {
        size_t last = first;
        while (last + 1 < positions.size() && positions[last + 1] == positions[last] - 1)
            ++last;
        const qsizetype top = positions[last];
        const qsizetype bottom = positions[first];
        beginRemoveRows({}, int(top), int(bottom));
        rows.erase(rows.begin() + top, rows.begin() + bottom + 1);
        endRemoveRows();
        first = last + 1;
    }
}

void ResourceTableModel::insertSorted(std::vector<Row> sorted)
{
    // Each run of new rows that falls between the same two existing rows goes in at once; a
    // page of a list, in key order, is one run.
    for (size_t first = 0; first < sorted.size();) {
        const qsizetype at = positionOf(sorted[first].key);
        size_t last = first + 1;
        while (last < sorted.size()
               && (at == qsizetype(rows.size()) || sorted[last].key < rows[size_t(at)].key))
            ++last;
        beginInsertRows({}, int(at), int(at + qsizetype(last - first) - 1));
        rows.insert(rows.begin() + at, std::make_move_iterator(sorted.begin() + qsizetype(first)),
                    std::make_move_iterator(sorted.begin() + qsizetype(last)));
        endInsertRows();
        first = last;
    }
}

void ResourceTableModel::refreshColumns(const QList<int> &columns)
{
    if (rows.empty())
        return;
    decodedKey.clear();
    for (Row &row : rows) {
        const QJsonObject object = store->object(row.key);
        for (int column : columns)
            row.sortKeys[column] = sortKeyOf(object, column);
    }
    for (int column : columns)
        Q_EMIT dataChanged(index(0, column), index(int(rows.size()) - 1, column));
}

} // namespace kubestrap
