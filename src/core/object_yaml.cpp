#include "object_yaml.h"

#include "yaml_reader.h"
#include "yaml_writer.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ObjectYaml", text);
}

} // namespace

QByteArray editableYaml(const QJsonObject &object)
{
    QJsonObject shown = object;
    shown.remove(QStringLiteral("status"));
    QJsonObject metadata = shown.value(QStringLiteral("metadata")).toObject();
    metadata.remove(QStringLiteral("managedFields"));
    shown.insert(QStringLiteral("metadata"), metadata);
    return writeYaml(QJsonValue(shown)).value();
}

Result<QJsonObject> objectFromYaml(const QByteArray &yaml)
{
    auto document = readYaml(yaml);
    if (!document)
        return unexpected(document.error());
    const YamlValue &root = document->root;
    if (root.isNull())
        return fail(tr("there is nothing to save: write the object as YAML"));
    if (!root.mapping())
        return fail(tr("line %1: an object must be a mapping (key: value), not %2")
                        .arg(root.mark.line)
                        .arg(root.kindName()));
    for (const char *key : {"apiVersion", "kind"}) {
        const YamlValue *value = root.member(QString::fromLatin1(key));
        if (!value || !value->string() || value->string()->isEmpty())
            return fail(tr("the object needs a %1").arg(QLatin1String(key)));
    }
    const YamlValue *metadata = root.member(u"metadata");
    const YamlValue *name = metadata ? metadata->member(u"name") : nullptr;
    if (!name || !name->string() || name->string()->isEmpty())
        return fail(tr("the object needs a metadata.name"));
    return jsonFromYaml(root).toObject();
}

QJsonValue jsonFromYaml(const YamlValue &value)
{
    switch (value.kind()) {
    case YamlValue::Kind::Null:
        return QJsonValue::Null;
    case YamlValue::Kind::Bool:
        return std::get<bool>(value.data);
    case YamlValue::Kind::Int:
        return std::get<qint64>(value.data);
    case YamlValue::Kind::UInt:
        return double(std::get<quint64>(value.data));
    case YamlValue::Kind::Float:
        return std::get<double>(value.data);
    case YamlValue::Kind::String:
        return *value.string();
    case YamlValue::Kind::Sequence: {
        QJsonArray items;
        for (const YamlValue &item : *value.sequence())
            items.append(jsonFromYaml(item));
        return items;
    }
    case YamlValue::Kind::Mapping: {
        QJsonObject members;
        for (const auto &[key, member] : *value.mapping())
            members.insert(key, jsonFromYaml(member));
        return members;
    }
    }
    return QJsonValue::Null;
}

} // namespace kubestrap
