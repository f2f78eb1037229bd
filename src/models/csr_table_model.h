#pragma once

#include "resource_table_model.h"

namespace kubestrap {

// CertificateSigningRequests as `kubectl get csr` lists them: requestor, signer, usages, the
// requested duration, age and condition (Pending, Approved, Denied, Failed, Issued).
class CsrTableModel : public ResourceTableModel {
    Q_OBJECT

public:
    enum Column { Name, Requestor, Signer, Usages, RequestedDuration, Age, Condition, ColumnCount };

    explicit CsrTableModel(ResourceStore *store, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString conditionOf(const QJsonObject &csr);

protected:
    bool accepts(const QJsonObject &) const override { return true; }
    QVariant cell(const QJsonObject &object, int column, int role) const override;
};

} // namespace kubestrap
