#pragma once

#include "resource_table_model.h"

namespace kubestrap {

// ConfigMaps: how many keys each holds (kubectl's DATA) and their names, so the cluster-info
// ConfigMap's jws-kubeconfig-<token id> signatures show at a glance.
class ConfigMapTableModel : public ResourceTableModel {
    Q_OBJECT

public:
    enum Column { Namespace, Name, Data, Keys, Age, ColumnCount };

    explicit ConfigMapTableModel(ResourceStore *store, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    bool accepts(const QJsonObject &) const override { return true; }
    QVariant cell(const QJsonObject &object, int column, int role) const override;
};

} // namespace kubestrap
