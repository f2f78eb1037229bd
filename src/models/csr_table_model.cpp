#include "csr_table_model.h"

#include "csr_review.h"

#include "human_duration.h"
#include "object_cells.h"

#include <QJsonArray>

namespace kubestrap {

CsrTableModel::CsrTableModel(ResourceStore *store, QObject *parent)
    : ResourceTableModel(store, parent)
{
    populate({tr("Name"), tr("Requestor"), tr("Signer"), tr("Usages"), tr("Requested duration"),
              tr("Age"), tr("Condition")});
}

QVariant CsrTableModel::cell(const QJsonObject &object, int column, int role) const
{
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
    switch (column) {
    case Name:
        return cells::name(object);
    case Requestor:
        return spec.value(QStringLiteral("username")).toString();
    case Signer:
        return spec.value(QStringLiteral("signerName")).toString();
    case Usages: {
        QStringList usages;
        for (const QJsonValue &usage : spec.value(QStringLiteral("usages")).toArray())
            usages << usage.toString();
        return usages.join(QStringLiteral(", "));
    }
    case RequestedDuration:
        if (!spec.contains(QStringLiteral("expirationSeconds")))
            return role == SortRole ? QVariant(qint64(0)) : QVariant(QStringLiteral("<none>"));
        return role == SortRole
                   ? QVariant(spec.value(QStringLiteral("expirationSeconds")).toInteger())
                   : QVariant(
                       humanDuration(spec.value(QStringLiteral("expirationSeconds")).toInteger()));
    case Age:
        return cells::age(object, QDateTime::currentDateTimeUtc(), role == SortRole);
    case Condition:
        return csrCondition(object);
    }
    return {};
}

} // namespace kubestrap
