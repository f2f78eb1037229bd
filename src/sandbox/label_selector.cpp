#include "label_selector.h"

#include <QRegularExpression>

#include <map>

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

QStringList Selector::keys() const
{
    QStringList names;
    for (const Requirement &r : requirements)
        names << r.key;
    return names;
}

namespace {

// The kinds the sandbox serves that have field labels of their own.
const std::map<QString, QStringList> &kindFieldLabels()
{
    static const std::map<QString, QStringList> labels{
        {QStringLiteral("Secret"),
         {QStringLiteral("type"), QStringLiteral("metadata.namespace"),
          QStringLiteral("metadata.name")}},
        {QStringLiteral("Node"),
         {QStringLiteral("metadata.name"), QStringLiteral("spec.unschedulable")}},
        {QStringLiteral("Namespace"),
         {QStringLiteral("status.phase"), QStringLiteral("metadata.name")}},
        {QStringLiteral("CertificateSigningRequest"),
         {QStringLiteral("metadata.name"), QStringLiteral("spec.signerName")}},
    };
    return labels;
}

} // namespace

QJsonObject selectableFields(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    QJsonObject fields{{QStringLiteral("metadata.name"), metadata.value(QStringLiteral("name"))},
                       {QStringLiteral("metadata.namespace"),
                        metadata.value(QStringLiteral("namespace")).toString()}};
    const QString kind = object.value(QStringLiteral("kind")).toString();
    const QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
    if (kind == QLatin1String("Secret"))
        fields.insert(QStringLiteral("type"), object.value(QStringLiteral("type")));
    else if (kind == QLatin1String("Node"))
        fields.insert(QStringLiteral("spec.unschedulable"),
                      spec.value(QStringLiteral("unschedulable")).toBool()
                          ? QStringLiteral("true")
                          : QStringLiteral("false"));
    else if (kind == QLatin1String("Namespace")) {
        fields.insert(QStringLiteral("status.phase"), object.value(QStringLiteral("status"))
                                                          .toObject()
                                                          .value(QStringLiteral("phase"))
                                                          .toString());
        fields.insert(QStringLiteral("name"), metadata.value(QStringLiteral("name")));
    } else if (kind == QLatin1String("CertificateSigningRequest"))
        fields.insert(QStringLiteral("spec.signerName"), spec.value(QStringLiteral("signerName")));
    return fields;
}

std::optional<QString> unsupportedFieldLabel(const QString &kind, const Selector &fields)
{
    const auto own = kindFieldLabels().find(kind);
    for (const QString &label : fields.keys()) {
        if (own != kindFieldLabels().end()) {
            if (!own->second.contains(label))
                return QStringLiteral("field label not supported: %1").arg(label);
        } else if (label != QLatin1String("metadata.name")
                   && label != QLatin1String("metadata.namespace")) {
            return QStringLiteral("\"%1\" is not a known field selector: only \"metadata.name\", "
                                  "\"metadata.namespace\"")
                .arg(label);
        }
    }
    return std::nullopt;
}

// Why the API server refuses a list's or watch's selectors before reading anything, or nothing.
std::optional<QString> selectorProblem(const Result<Selector> &labels,
                                       const Result<Selector> &fields, const QString &kind)
{
    if (!labels)
        return labels.error().message;
    if (!fields)
        return fields.error().message;
    return unsupportedFieldLabel(kind, *fields);
}

} // namespace kubestrap::sandbox
