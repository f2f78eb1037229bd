#include "field_validation.h"

#include <QJsonArray>
#include <QLocale>

namespace kubestrap::sandbox {

namespace {

QJsonValue dropUnknown(const QJsonValue &value, const Schema &schema, const QString &at,
                       QStringList &unknown)
{
    if (!schema.known())
        return value;
    if (value.isArray() && schema.isList()) {
        QJsonArray items = value.toArray();
        for (qsizetype i = 0; i < items.size(); ++i)
            items[i] = dropUnknown(items.at(i), schema.item(),
                                   QStringLiteral("%1[%2]").arg(at).arg(i), unknown);
        return items;
    }
    if (!value.isObject())
        return value;
    QJsonObject object = value.toObject();
    const QString prefix = at.isEmpty() ? QString() : at + QLatin1Char('.');
    if (schema.isMap()) {
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = dropUnknown(it.value(), schema.mapValue(), prefix + it.key(), unknown);
        return object;
    }
    if (!schema.hasFields())
        return value;
    for (auto it = object.begin(); it != object.end();) {
        const Schema field = schema.field(it.key());
        if (!field.known()) {
            unknown << prefix + it.key();
            it = object.erase(it);
            continue;
        }
        it.value() = dropUnknown(it.value(), field, prefix + it.key(), unknown);
        ++it;
    }
    return object;
}

} // namespace

std::variant<FieldValidation, ApiError> fieldValidationOf(const QString &value,
                                                          const QString &options)
{
    if (value.isEmpty() || value == QLatin1String("Warn"))
        return FieldValidation::Warn;
    if (value == QLatin1String("Strict"))
        return FieldValidation::Strict;
    if (value == QLatin1String("Ignore"))
        return FieldValidation::Ignore;
    const QJsonArray causes{QJsonObject{
        {QStringLiteral("reason"), QStringLiteral("FieldValueNotSupported")},
        {QStringLiteral("message"),
         QStringLiteral("Unsupported value: \"%1\": supported values: \"\", \"Ignore\", "
                        "\"Strict\", \"Warn\"")
             .arg(value)},
        {QStringLiteral("field"), QStringLiteral("fieldValidation")}}};
    return status::invalid(options + QStringLiteral(".meta.k8s.io"), QString(), causes);
}

QString strictDecodingError(const QStringList &unknown)
{
    QStringList each;
    for (const QString &field : unknown)
        each << QStringLiteral("unknown field \"%1\"").arg(field);
    return QStringLiteral("strict decoding error: ") + each.join(QStringLiteral(", "));
}

QByteArray unknownFieldWarning(const QString &field)
{
    return "299 - \"unknown field \\\"" + field.toUtf8() + "\\\"\"";
}

QString goFormatted(const QJsonValue &value)
{
    QStringList parts;
    switch (value.type()) {
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject(); // keys sorted, as fmt sorts a map's
        for (auto it = object.begin(); it != object.end(); ++it)
            parts << it.key() + QLatin1Char(':') + goFormatted(it.value());
        return QStringLiteral("map[") + parts.join(QLatin1Char(' ')) + QLatin1Char(']');
    }
    case QJsonValue::Array:
        for (const QJsonValue &item : value.toArray())
            parts << goFormatted(item);
        return QLatin1Char('[') + parts.join(QLatin1Char(' ')) + QLatin1Char(']');
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    default:
        return QStringLiteral("<nil>");
    }
}

QStringList dropUnknownFields(QJsonObject &object, const Schema &schema)
{
    QStringList unknown;
    object = dropUnknown(object, schema, QString(), unknown).toObject();
    return unknown;
}

} // namespace kubestrap::sandbox
