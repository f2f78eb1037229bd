#include "role_table_model.h"
#include "object_meta.h"

#include "object_cells.h"

#include <QJsonArray>

namespace kubestrap {

namespace {

QString ruleText(const QJsonObject &rule)
{
    QStringList targets;
    const QStringList names = stringsIn(rule, "resourceNames");
    for (const QString &group : stringsIn(rule, "apiGroups")) {
        for (const QString &resource : stringsIn(rule, "resources")) {
            const QString qualified =
                group.isEmpty() ? resource : resource + QLatin1Char('.') + group;
            if (names.isEmpty())
                targets << qualified;
            for (const QString &name : names)
                targets << qualified + QLatin1Char('/') + name;
        }
    }
    targets << stringsIn(rule, "nonResourceURLs");
    return stringsIn(rule, "verbs").join(QLatin1Char(',')) + QLatin1Char(' ')
           + targets.join(QLatin1Char(','));
}

} // namespace

RoleTableModel::RoleTableModel(ResourceStore *store, QObject *parent)
    : ResourceTableModel(store, parent)
{
    populate({tr("Namespace"), tr("Name"), tr("Rules"), tr("Age")});
}

QString RoleTableModel::rulesOf(const QJsonObject &role)
{
    QStringList rules;
    for (const QJsonValue &rule : role.value(QStringLiteral("rules")).toArray())
        rules << ruleText(rule.toObject());
    return rules.join(QStringLiteral("; "));
}

QVariant RoleTableModel::cell(const QJsonObject &object, int column, int role) const
{
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (column) {
    case Namespace:
        return cells::namespaceOf(object);
    case Name:
        return cells::name(object);
    case Rules:
        return rulesOf(object);
    case Age:
        return cells::age(object, QDateTime::currentDateTimeUtc(), role == SortRole);
    }
    return {};
}

} // namespace kubestrap
