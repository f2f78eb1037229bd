#pragma once

#include "error.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace kubestrap::sandbox {

// A label or field selector as the API server parses it: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
// `a notin (x)`, `a`, `!a`, joined by commas.
class Selector {
public:
    static Result<Selector> parse(const QString &text, bool fields);
    // `values` maps a label (or field) name to its value; an absent name has no value.
    bool matches(const QJsonObject &values) const;
    bool isEmpty() const { return requirements.empty(); }
    QStringList keys() const;

private:
    enum class Operator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist };
    struct Requirement {
        QString key;
        Operator op;
        QStringList values;
    };
    std::vector<Requirement> requirements;
};

// The fields a field selector may name for an object, with their values, as each kind's strategy
// in the API server sets them: metadata.name and metadata.namespace ("" for a cluster-scoped
// object), and the kind's own (a Secret's type, a CSR's spec.signerName, …).
QJsonObject selectableFields(const QJsonObject &object);

// The API server's refusal of a field selector that names a field `kind` has not, or nothing.
// Each kind's labels are those of its AddFieldLabelConversionFunc (pkg/apis/*/v1/conversion.go),
// with the same words; a kind without one takes metadata.name and metadata.namespace.
std::optional<QString> unsupportedFieldLabel(const QString &kind, const Selector &fields);

// Why the API server refuses a list's or watch's selectors before reading anything, or nothing.
std::optional<QString> selectorProblem(const Result<Selector> &labels,
                                       const Result<Selector> &fields, const QString &kind);

} // namespace kubestrap::sandbox
