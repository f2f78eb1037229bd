#include "api_table.h"

#include "api_basics.h"

#include "human_duration.h"

#include <QDateTime>
#include <QJsonArray>

#include <functional>

namespace kubestrap::sandbox {

namespace {

struct Column {
    const char *name;
    const char *type;
    int priority; // 1: only with -o wide
    std::function<QJsonValue(const QJsonObject &)> cell;
};

QJsonValue age(const QJsonObject &object)
{
    const QDateTime created = QDateTime::fromString(
        metadataOf(object).value(QStringLiteral("creationTimestamp")).toString(), Qt::ISODate);
    return created.isValid() ? humanDuration(created.secsTo(QDateTime::currentDateTimeUtc()))
                             : QStringLiteral("<unknown>");
}

QJsonValue name(const QJsonObject &object)
{
    return metadataOf(object).value(QStringLiteral("name"));
}

QJsonValue count(const QJsonObject &object, const char *field)
{
    return object.value(QLatin1String(field)).toObject().size();
}

// RBAC's subject columns: the names of one kind of subject, comma-separated.
QJsonValue subjects(const QJsonObject &object, const char *kind)
{
    QStringList names;
    for (const QJsonValue &subject : object.value(QStringLiteral("subjects")).toArray()) {
        const QJsonObject s = subject.toObject();
        if (s.value(QStringLiteral("kind")).toString() != QLatin1String(kind))
            continue;
        const QString ns = s.value(QStringLiteral("namespace")).toString();
        names << (ns.isEmpty() ? QString() : ns + QLatin1Char('/'))
                     + s.value(QStringLiteral("name")).toString();
    }
    return names.join(QStringLiteral(", "));
}

QJsonValue roleRef(const QJsonObject &object)
{
    const QJsonObject ref = object.value(QStringLiteral("roleRef")).toObject();
    return ref.value(QStringLiteral("kind")).toString() + QLatin1Char('/')
           + ref.value(QStringLiteral("name")).toString();
}

QJsonValue csrCondition(const QJsonObject &object)
{
    QStringList conditions;
    for (const QJsonValue &condition : object.value(QStringLiteral("status"))
                                           .toObject()
                                           .value(QStringLiteral("conditions"))
                                           .toArray())
        conditions << condition.toObject().value(QStringLiteral("type")).toString();
    if (!object.value(QStringLiteral("status"))
             .toObject()
             .value(QStringLiteral("certificate"))
             .toString()
             .isEmpty())
        conditions << QStringLiteral("Issued");
    return conditions.isEmpty() ? QStringLiteral("Pending") : conditions.join(QLatin1Char(','));
}

// The columns kube-apiserver's table printers give each kind. Over 80 lines on purpose: a table,
// one kind after another, as pkg/printers/internalversion lists them.
std::vector<Column> columnsFor(const QString &kind)
{
    const Column nameColumn{"Name", "string", 0, name};
    const Column ageColumn{"Age", "string", 0, age};
    if (kind == QLatin1String("Namespace"))
        return {
            nameColumn,
            {"Status", "string", 0,
             [](const QJsonObject &o) {
                 return o.value(QStringLiteral("status")).toObject().value(QStringLiteral("phase"));
             }},
            ageColumn};
    if (kind == QLatin1String("Secret"))
        return {nameColumn,
                {"Type", "string", 0,
                 [](const QJsonObject &o) {
                     return o.value(QStringLiteral("type"));
                 }},
                {"Data", "string", 0,
                 [](const QJsonObject &o) {
                     return count(o, "data");
                 }},
                ageColumn};
    if (kind == QLatin1String("ConfigMap"))
        return {nameColumn,
                {"Data", "string", 0,
                 [](const QJsonObject &o) {
                     return o.value(QStringLiteral("data")).toObject().size()
                            + o.value(QStringLiteral("binaryData")).toObject().size();
                 }},
                ageColumn};
    if (kind == QLatin1String("ServiceAccount"))
        return {nameColumn,
                {"Secrets", "string", 0,
                 [](const QJsonObject &o) {
                     return o.value(QStringLiteral("secrets")).toArray().size();
                 }},
                ageColumn};
    if (kind == QLatin1String("Role") || kind == QLatin1String("ClusterRole"))
        return {nameColumn, {"Created At", "date", 0, [](const QJsonObject &o) {
                                 return metadataOf(o).value(QStringLiteral("creationTimestamp"));
                             }}};
    if (kind == QLatin1String("RoleBinding") || kind == QLatin1String("ClusterRoleBinding"))
        return {nameColumn,
                {"Role", "string", 0, roleRef},
                ageColumn,
                {"Users", "string", 1,
                 [](const QJsonObject &o) {
                     return subjects(o, "User");
                 }},
                {"Groups", "string", 1,
                 [](const QJsonObject &o) {
                     return subjects(o, "Group");
                 }},
                {"ServiceAccounts", "string", 1, [](const QJsonObject &o) {
                     return subjects(o, "ServiceAccount");
                 }}};
    if (kind == QLatin1String("CertificateSigningRequest"))
        return {nameColumn,
                ageColumn,
                {"SignerName", "string", 0,
                 [](const QJsonObject &o) {
                     return o.value(QStringLiteral("spec"))
                         .toObject()
                         .value(QStringLiteral("signerName"));
                 }},
                {"Requestor", "string", 0,
                 [](const QJsonObject &o) {
                     return o.value(QStringLiteral("spec"))
                         .toObject()
                         .value(QStringLiteral("username"));
                 }},
                {"RequestedDuration", "string", 0,
                 [](const QJsonObject &o) {
                     const auto seconds = o.value(QStringLiteral("spec"))
                                              .toObject()
                                              .value(QStringLiteral("expirationSeconds"));
                     return seconds.isUndefined() ? QJsonValue(QStringLiteral("<none>"))
                                                  : humanDuration(seconds.toInteger());
                 }},
                {"Condition", "string", 0, csrCondition}};
    return {nameColumn, ageColumn};
}

} // namespace

QJsonObject tableOf(const ApiResource &resource, const std::vector<QJsonObject> &objects,
                    const QJsonObject &listMetadata)
{
    const std::vector<Column> columns = columnsFor(resource.kind);
    QJsonArray definitions;
    for (const Column &column : columns) {
        definitions.append(QJsonObject{
            {QStringLiteral("name"), QLatin1String(column.name)},
            {QStringLiteral("type"), QLatin1String(column.type)},
            {QStringLiteral("format"), QLatin1String(column.name) == QLatin1String("Name")
                                           ? QStringLiteral("name")
                                           : QString()},
            {QStringLiteral("description"), QString()},
            {QStringLiteral("priority"), column.priority}});
    }
    QJsonArray rows;
    for (const QJsonObject &object : objects) {
        QJsonArray cells;
        for (const Column &column : columns)
            cells.append(column.cell(object));
        rows.append(QJsonObject{{QStringLiteral("cells"), cells},
                                {QStringLiteral("object"), partialObjectMetadata(object)}});
    }
    return {{QStringLiteral("kind"), QStringLiteral("Table")},
            {QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1")},
            {QStringLiteral("metadata"), listMetadata},
            {QStringLiteral("columnDefinitions"), definitions},
            {QStringLiteral("rows"), rows}};
}

} // namespace kubestrap::sandbox
