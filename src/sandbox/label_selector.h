#pragma once

#include "error.h"

#include <QJsonObject>
#include <QString>

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

private:
    enum class Operator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist };
    struct Requirement {
        QString key;
        Operator op;
        QStringList values;
    };
    std::vector<Requirement> requirements;
};

// The fields a field selector may name for an object: metadata.name, metadata.namespace, and
// `type` for Secrets.
QJsonObject selectableFields(const QJsonObject &object);

} // namespace kubestrap::sandbox
