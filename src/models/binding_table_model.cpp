#include "binding_table_model.h"

#include "object_cells.h"

#include <QJsonArray>

namespace kubestrap {

BindingTableModel::BindingTableModel(ResourceStore *store, QObject *parent)
    : ResourceTableModel(store, parent)
{
    populate({tr("Namespace"), tr("Name"), tr("Role"), tr("Subjects"), tr("Age")});
}

QString BindingTableModel::subjectsOf(const QJsonObject &binding)
{
    QStringList subjects;
    for (const QJsonValue &value : binding.value(QStringLiteral("subjects")).toArray()) {
        const QJsonObject subject = value.toObject();
        const QString ns = subject.value(QStringLiteral("namespace")).toString();
        subjects << QStringLiteral("%1 %2%3").arg(subject.value(QStringLiteral("kind")).toString(),
                                                  ns.isEmpty() ? QString() : ns + QLatin1Char('/'),
                                                  subject.value(QStringLiteral("name")).toString());
    }
    return subjects.join(QStringLiteral(", "));
}

QVariant BindingTableModel::cell(const QJsonObject &object, int column, int role) const
{
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (column) {
    case Namespace:
        return cells::namespaceOf(object);
    case Name:
        return cells::name(object);
    case Role: {
        const QJsonObject ref = object.value(QStringLiteral("roleRef")).toObject();
        return ref.value(QStringLiteral("kind")).toString() + QLatin1Char('/')
               + ref.value(QStringLiteral("name")).toString();
    }
    case Subjects:
        return subjectsOf(object);
    case Age:
        return cells::age(object, QDateTime::currentDateTimeUtc(), role == SortRole);
    }
    return {};
}

} // namespace kubestrap
