#include "yaml_value.h"

#include <QCoreApplication>

#include <algorithm>

namespace kubestrap {

const YamlValue *YamlValue::member(QStringView key) const
{
    const Mapping *members = mapping();
    if (!members)
        return nullptr;
    for (const auto &[name, value] : *members) {
        if (name == key)
            return &value;
    }
    return nullptr;
}

YamlValue *YamlValue::member(QStringView key)
{
    return const_cast<YamlValue *>(std::as_const(*this).member(key));
}

YamlValue &YamlValue::set(const QString &key, YamlValue value)
{
    if (isNull())
        data = Mapping{};
    if (YamlValue *existing = member(key)) {
        *existing = std::move(value);
        return *existing;
    }
    Mapping &members = std::get<Mapping>(data);
    members.emplace_back(key, std::move(value));
    return members.back().second;
}

bool YamlValue::remove(QStringView key)
{
    Mapping *members = mapping();
    if (!members)
        return false;
    const auto it = std::find_if(members->begin(), members->end(),
                                 [&](const auto &member) { return member.first == key; });
    if (it == members->end())
        return false;
    members->erase(it);
    return true;
}

void YamlValue::sortKeys()
{
    if (Sequence *items = sequence()) {
        for (YamlValue &item : *items)
            item.sortKeys();
    } else if (Mapping *members = mapping()) {
        std::sort(members->begin(), members->end(),
                  [](const auto &a, const auto &b) { return a.first.toUtf8() < b.first.toUtf8(); });
        for (auto &member : *members)
            member.second.sortKeys();
    }
}

qsizetype YamlValue::nodeCount() const
{
    qsizetype count = 1;
    if (const Sequence *items = sequence()) {
        for (const YamlValue &item : *items)
            count += item.nodeCount();
    } else if (const Mapping *members = mapping()) {
        for (const auto &member : *members)
            count += member.second.nodeCount();
    }
    return count;
}

QString YamlValue::kindName() const
{
    switch (kind()) {
    case Kind::Null:
        return QCoreApplication::translate("kubestrap::YamlValue", "null");
    case Kind::Bool:
        return QCoreApplication::translate("kubestrap::YamlValue", "a boolean");
    case Kind::Int:
    case Kind::UInt:
    case Kind::Float:
        return QCoreApplication::translate("kubestrap::YamlValue", "a number");
    case Kind::String:
        return QCoreApplication::translate("kubestrap::YamlValue", "a string");
    case Kind::Sequence:
        return QCoreApplication::translate("kubestrap::YamlValue", "a list");
    case Kind::Mapping:
        return QCoreApplication::translate("kubestrap::YamlValue", "a mapping");
    }
    return {};
}

} // namespace kubestrap
