#include "label_selector.h"

#include <QRegularExpression>

namespace kubestrap::sandbox {

Result<Selector> Selector::parse(const QString &text, bool fields)
{
    Selector selector;
    // Commas inside "in (a,b)" do not separate requirements.
    static const QRegularExpression part(QStringLiteral(R"(\s*([^,(]+(?:\([^)]*\))?)\s*(?:,|$))"));
    static const QRegularExpression set(
        QStringLiteral(R"(^([^\s!=]+)\s+(in|notin)\s*\(([^)]*)\)$)"));
    static const QRegularExpression compare(
        QStringLiteral(R"(^([^\s!=]+)\s*(==|=|!=)\s*([^\s]*)$)"));
    static const QRegularExpression exists(QStringLiteral(R"(^(!?)\s*([^\s!=()]+)$)"));
    auto it = part.globalMatch(text);
    while (it.hasNext()) {
        const QString requirement = it.next().captured(1).trimmed();
        if (requirement.isEmpty())
            continue;
        if (const auto m = compare.match(requirement); m.hasMatch()) {
            selector.requirements.push_back(
                {m.captured(1),
                 m.captured(2) == QLatin1String("!=") ? Operator::NotEquals : Operator::Equals,
                 {m.captured(3)}});
        } else if (const auto s = set.match(requirement); s.hasMatch() && !fields) {
            QStringList values;
            for (const QString &value : s.captured(3).split(QLatin1Char(',')))
                values << value.trimmed();
            selector.requirements.push_back(
                {s.captured(1),
                 s.captured(2) == QLatin1String("in") ? Operator::In : Operator::NotIn, values});
        } else if (const auto e = exists.match(requirement); e.hasMatch() && !fields) {
            selector.requirements.push_back(
                {e.captured(2),
                 e.captured(1).isEmpty() ? Operator::Exists : Operator::DoesNotExist,
                 {}});
        } else {
            return fail(QStringLiteral("unable to parse requirement: %1").arg(requirement));
        }
    }
    return selector;
}

bool Selector::matches(const QJsonObject &values) const
{
    for (const Requirement &r : requirements) {
        const bool present = values.contains(r.key);
        const QString value = values.value(r.key).toString();
        bool ok = true;
        switch (r.op) {
        case Operator::Equals:
            ok = present && value == r.values.first();
            break;
        case Operator::NotEquals:
            ok = !present || value != r.values.first();
            break;
        case Operator::In:
            ok = present && r.values.contains(value);
            break;
        case Operator::NotIn:
            ok = !present || !r.values.contains(value);
            break;
        case Operator::Exists:
            ok = present;
            break;
        case Operator::DoesNotExist:
            ok = !present;
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}

QJsonObject selectableFields(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    QJsonObject fields{{QStringLiteral("metadata.name"), metadata.value(QStringLiteral("name"))},
                       {QStringLiteral("metadata.namespace"),
                        metadata.value(QStringLiteral("namespace")).toString()}};
    if (object.value(QStringLiteral("kind")).toString() == QLatin1String("Secret"))
        fields.insert(QStringLiteral("type"), object.value(QStringLiteral("type")));
    return fields;
}

} // namespace kubestrap::sandbox
