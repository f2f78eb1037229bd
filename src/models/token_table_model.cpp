#include "token_table_model.h"

#include "bootstrap_token.h"

namespace kubestrap {

namespace {

// "23h", "45m", "3d": how long until (or since) an expiry, kubeadm-style.
QString humanSpan(qint64 seconds)
{
    if (seconds >= 2 * 86400)
        return QStringLiteral("%1d").arg(seconds / 86400);
    if (seconds >= 3600)
        return QStringLiteral("%1h").arg(seconds / 3600);
    return QStringLiteral("%1m").arg(std::max<qint64>(1, seconds / 60));
}

} // namespace

TokenTableModel::TokenTableModel(ResourceStore *store, std::function<QDateTime()> now,
                                 QObject *parent)
    : ResourceTableModel(store, parent), now(std::move(now))
{
    // Expiries move with the clock, not with the cluster: refresh them every half minute.
    clock.setInterval(30000);
    connect(&clock, &QTimer::timeout, this, [this] { refreshColumns({Expires, Status}); });
    clock.start();
    populate({tr("Token ID"), tr("Description"), tr("Expires"), tr("Usages"), tr("Extra groups"),
              tr("Status")});
}

bool TokenTableModel::accepts(const QJsonObject &object) const
{
    return object.value(QStringLiteral("type")).toString()
           == QLatin1String(BootstrapToken::kSecretType);
}

TokenTableModel::TokenStatus TokenTableModel::statusOf(const QJsonObject &secret) const
{
    const auto token = BootstrapToken::fromSecret(secret);
    if (!token)
        return TokenStatus::Malformed;
    if (token->expired(now()))
        return TokenStatus::Expired;
    if (token->expiration && now().secsTo(*token->expiration) < soon.count())
        return TokenStatus::Expiring;
    return TokenStatus::Valid;
}

QVariant TokenTableModel::cell(const QJsonObject &object, int column, int role) const
{
    const auto token = BootstrapToken::fromSecret(object);
    const QString name = object.value(QStringLiteral("metadata"))
                             .toObject()
                             .value(QStringLiteral("name"))
                             .toString();
    if (role == Qt::ToolTipRole && !token)
        return tr("This Secret is not a usable token: %1").arg(token.error().message);
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    if (!token) // a malformed Secret still shows, named by what can be read
        return column == Id       ? QVariant(name.mid(QStringLiteral("bootstrap-token-").size()))
               : column == Status ? QVariant(tr("malformed"))
                                  : QVariant();
    switch (column) {
    case Id:
        return token->id;
    case Description:
        return token->description;
    case Expires:
        if (!token->expiration)
            return role == SortRole ? QVariant(std::numeric_limits<qint64>::max())
                                    : QVariant(tr("never"));
        if (role == SortRole)
            return token->expiration->toSecsSinceEpoch();
        return token->expired(now()) ? tr("%1 ago").arg(humanSpan(token->expiration->secsTo(now())))
                                     : tr("in %1").arg(humanSpan(now().secsTo(*token->expiration)));
    case Usages:
        return token->usages.join(QLatin1Char(','));
    case ExtraGroups:
        return token->extraGroups.join(QLatin1Char(','));
    case Status:
        switch (statusOf(object)) {
        case TokenStatus::Valid:
            return token->expiration ? tr("valid") : tr("valid, never expires");
        case TokenStatus::Expiring:
            return tr("expiring");
        case TokenStatus::Expired:
            return tr("expired");
        case TokenStatus::Malformed:
            return tr("malformed");
        }
    }
    return {};
}

} // namespace kubestrap
