#pragma once

#include "resource_table_model.h"

#include <QDateTime>
#include <QTimer>

#include <functional>

namespace kubestrap {

// The bootstrap tokens of a cluster (the bootstrap-token Secrets of kube-system): id,
// description, expiry, usages, extra groups and status, as `kubeadm token list` shows them. The
// token secret is in no column and no role. Expiry and status follow the clock (`now`, passed in
// for tests); tokens expiring within `soon` are marked expiring.
class TokenTableModel : public ResourceTableModel {
    Q_OBJECT

public:
    enum Column { Id, Description, Expires, Usages, ExtraGroups, Status, ColumnCount };
    enum class TokenStatus { Valid, Expiring, Expired, Malformed };

    TokenTableModel(ResourceStore *store,
                    std::function<QDateTime()> now = &QDateTime::currentDateTimeUtc,
                    QObject *parent = nullptr);

    TokenStatus statusOf(const QJsonObject &secret) const;

protected:
    bool accepts(const QJsonObject &object) const override;
    QVariant cell(const QJsonObject &object, int column, int role) const override;

private:
    std::function<QDateTime()> now;
    QTimer clock;
    std::chrono::seconds soon{3600};
};

} // namespace kubestrap
