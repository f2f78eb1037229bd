#include "label_selector.h"

#include <QRegularExpression>

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

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

QJsonValue at(const QJsonObject &object, const char *section, const char *field)
{
    return object.value(QLatin1String(section)).toObject().value(QLatin1String(field));
}

// A field label and how an object's value for it is read.
struct FieldLabel {
    QString name;
    std::function<QString(const QJsonObject &)> value;
};

const FieldLabel kName{QStringLiteral("metadata.name"), [](const QJsonObject &object) {
                           return at(object, "metadata", "name").toString();
                       }};
const FieldLabel kNamespace{QStringLiteral("metadata.namespace"), [](const QJsonObject &object) {
                                return at(object, "metadata", "namespace").toString();
                            }};

// The field labels of each kind, as the API server's field label conversion functions accept
// them; kinds without their own have only metadata.name and metadata.namespace.
const std::vector<FieldLabel> &fieldLabelsOf(const QString &kind)
{
    static const std::vector<FieldLabel> common{kName, kNamespace};
    static const std::map<QString, std::vector<FieldLabel>> own{
        {QStringLiteral("Secret"),
         {{QStringLiteral("type"),
           [](const QJsonObject &object) {
               return object.value(QStringLiteral("type")).toString();
           }},
          kNamespace,
          kName}},
        {QStringLiteral("Node"),
         {kName,
          {QStringLiteral("spec.unschedulable"),
           [](const QJsonObject &object) {
               return at(object, "spec", "unschedulable").toBool() ? QStringLiteral("true")
                                                                   : QStringLiteral("false");
           }}}},
        {QStringLiteral("Namespace"),
         {{QStringLiteral("status.phase"),
           [](const QJsonObject &object) {
               return at(object, "status", "phase").toString();
           }},
          kName}},
        {QStringLiteral("CertificateSigningRequest"),
         {kName,
          {QStringLiteral("spec.signerName"),
           [](const QJsonObject &object) {
               return at(object, "spec", "signerName").toString();
           }}}},
    };
    const auto found = own.find(kind);
    return found == own.end() ? common : found->second;
}

} // namespace

QJsonObject selectableFields(const QJsonObject &object)
{
    QJsonObject fields;
    for (const FieldLabel &label : fieldLabelsOf(object.value(QStringLiteral("kind")).toString()))
        fields.insert(label.name, label.value(object));
    return fields;
}

std::optional<QString> unsupportedFieldLabel(const QString &kind, const Selector &fields)
{
    const std::vector<FieldLabel> &labels = fieldLabelsOf(kind);
    const bool ownLabels = &labels != &fieldLabelsOf(QString());
    for (const QString &label : fields.keys()) {
        if (std::any_of(labels.begin(), labels.end(),
                        [&](const FieldLabel &known) { return known.name == label; }))
            continue;
        if (ownLabels)
            return QStringLiteral("field label not supported: %1").arg(label);
        return QStringLiteral("\"%1\" is not a known field selector: only \"metadata.name\", "
                              "\"metadata.namespace\"")
            .arg(label);
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
