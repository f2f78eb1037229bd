#pragma once

#include "resource_table_model.h"

namespace kubestrap {

// Roles or ClusterRoles with their rules summarised on one line, so an admin can see what a
// bootstrap group is allowed without opening each object.
class RoleTableModel : public ResourceTableModel {
    Q_OBJECT

public:
    enum Column { Namespace, Name, Rules, Age, ColumnCount };

    explicit RoleTableModel(ResourceStore *store, QObject *parent = nullptr);

    // "create,get certificatesigningrequests.certificates.k8s.io; get configmaps/cluster-info":
    // verbs, then resources (with their group, and names when the rule is limited to some).
    static QString rulesOf(const QJsonObject &role);

protected:
    QVariant cell(const QJsonObject &object, int column, int role) const override;
};

} // namespace kubestrap
