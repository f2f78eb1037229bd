#pragma once

#include <QAbstractTableModel>
#include <QDateTime>

#include <vector>

namespace kubestrap {

// Every change the application made to a cluster, newest last: when, what, how it ended, and
// the kubectl command that does the same (secrets left out), for the activity dock.
class ActivityLog : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Time, Change, Result, Kubectl, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    // Starts an entry ("pending") and returns its number, for finish().
    int record(const QString &change, const QString &kubectl);
    void finish(int entry, bool ok, const QString &result);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Entry {
        QDateTime when;
        QString change;
        QString kubectl;
        QString result;
    };
    std::vector<Entry> entries;
};

} // namespace kubestrap
