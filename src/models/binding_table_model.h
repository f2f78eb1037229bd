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

    static QString subjectsOf(const QJsonObject &binding);

protected:
    QVariant cell(const QJsonObject &object, int column, int role) const override;
};

} // namespace kubestrap
