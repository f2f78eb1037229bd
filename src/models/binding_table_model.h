#pragma once

#include "resource_table_model.h"

namespace kubestrap {

// RoleBindings or ClusterRoleBindings: the role each grants and its subjects, flattened to one
// line ("User alice, Group devs, ServiceAccount monitoring/prometheus").
class BindingTableModel : public ResourceTableModel {
    Q_OBJECT

public:
    enum Column { Namespace, Name, Role, Subjects, Age, ColumnCount };

    explicit BindingTableModel(ResourceStore *store, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString subjectsOf(const QJsonObject &binding);

protected:
    bool accepts(const QJsonObject &) const override { return true; }
    QVariant cell(const QJsonObject &object, int column, int role) const override;
};

} // namespace kubestrap
