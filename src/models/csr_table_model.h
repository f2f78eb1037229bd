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

protected:
    QVariant cell(const QJsonObject &object, int column, int role) const override;
};

} // namespace kubestrap
