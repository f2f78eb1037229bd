#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace kubestrap {

// metadata.name and metadata.namespace of any Kubernetes object; empty when absent.
inline QString objectName(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

inline QString objectNamespace(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("namespace"))
        .toString();
}

// metadata.resourceVersion: which version of the object this is.
inline QString objectVersion(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata"))
        .toObject()
        .value(QStringLiteral("resourceVersion"))
        .toString();
}

// The strings of a JSON array (anything else in it reads as ""); empty for a non-array.
inline QStringList stringsIn(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list << item.toString();
    return list;
}

// The strings of `object`'s array member `key` ("verbs", "groups", …).
inline QStringList stringsIn(const QJsonObject &object, const char *key)
{
    return stringsIn(object.value(QLatin1String(key)));
}

} // namespace kubestrap
