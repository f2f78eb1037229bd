#pragma once

#include "resource_table_model.h"

namespace kubestrap {

// ConfigMaps: how many keys each holds (kubectl's DATA) and their names, so the cluster-info
// ConfigMap's jws-kubeconfig-<token id> signatures show at a glance; their size, whether they are
// immutable, and who manages them.
class ConfigMapTableModel : public ResourceTableModel {
    Q_OBJECT

public:
    enum Column { Namespace, Name, Data, Keys, Size, Immutable, ManagedBy, Age, ColumnCount };

    explicit ConfigMapTableModel(ResourceStore *store, QObject *parent = nullptr);

protected:
    QVariant cell(const QJsonObject &object, int column, int role) const override;
};

} // namespace kubestrap
