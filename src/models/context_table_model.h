#pragma once

#include "context_summary.h"

#include <QAbstractTableModel>

#include <vector>

namespace kubestrap {

class KubeconfigStore;

// The merged kubeconfig's contexts, one row each, in name order: the Kubeconfigs panel's table
// and the main window's context switcher. Follows a KubeconfigStore; a reload is diffed into row
// insertions, removals and changes, so selections survive it.
class ContextTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, Cluster, Server, User, Credential, Namespace, Source, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole, // the raw value, for proxies
        ContextNameRole,         // the context's name, whatever the column
        DanglingRole,            // true when it names a cluster or user that does not exist
        ActiveRole,              // true for the context Kubestrap works in
    };

    explicit ContextTableModel(KubeconfigStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The row's context, as every proxy over this model can ask for it.
    const ContextSummary *contextAt(const QModelIndex &index) const;
    int rowOf(const QString &contextName) const;

    // Replaces the rows with `contexts` (sorted by name) by diffing, not resetting.
    void setContexts(std::vector<ContextSummary> contexts);

private:
    void refresh();
    QVariant display(const ContextSummary &context, int column) const;

    KubeconfigStore *store;
    std::vector<ContextSummary> rows;
};

} // namespace kubestrap
