#pragma once

#include <QString>

#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

namespace kubestrap {

// Where a value stood in its file, 1-based; line 0 means "not from a file".
struct SourceMark {
    int line = 0;
    int column = 0;
};

// One node of a YAML or JSON document in the JSON data model, which is what Kubernetes sees after
// sigs.k8s.io/yaml converts YAML to JSON: null, booleans, integers, floats, strings, sequences and
// mappings with string keys. Mappings keep their keys unique and in first-seen order, so a file we
// edit is written back in the order its author chose.
class YamlValue {
public:
    using Sequence = std::vector<YamlValue>;
    using Mapping = std::vector<std::pair<QString, YamlValue>>;
    enum class Kind { Null, Bool, Int, UInt, Float, String, Sequence, Mapping };

    YamlValue() = default;
    explicit YamlValue(bool value, SourceMark at = {}) : data(value), mark(at) {}
    explicit YamlValue(qint64 value, SourceMark at = {}) : data(value), mark(at) {}
    explicit YamlValue(quint64 value, SourceMark at = {}) : data(value), mark(at) {}
    explicit YamlValue(double value, SourceMark at = {}) : data(value), mark(at) {}
    explicit YamlValue(QString value, SourceMark at = {}) : data(std::move(value)), mark(at) {}
    explicit YamlValue(Sequence value, SourceMark at = {}) : data(std::move(value)), mark(at) {}
    explicit YamlValue(Mapping value, SourceMark at = {}) : data(std::move(value)), mark(at) {}

    Kind kind() const { return Kind(data.index()); }
    bool isNull() const { return kind() == Kind::Null; }
    const QString *string() const { return std::get_if<QString>(&data); }
    const Sequence *sequence() const { return std::get_if<Sequence>(&data); }
    Sequence *sequence() { return std::get_if<Sequence>(&data); }
    const Mapping *mapping() const { return std::get_if<Mapping>(&data); }
    Mapping *mapping() { return std::get_if<Mapping>(&data); }

    // A mapping's member, or null when this is not a mapping or has no such key.
    const YamlValue *member(QStringView key) const;
    YamlValue *member(QStringView key);
    // Sets a mapping's member, replacing the value in place or appending the key. A null value
    // becomes an empty mapping first.
    YamlValue &set(const QString &key, YamlValue value);
    // Removes a mapping's member; false when there was none.
    bool remove(QStringView key);

    // Recursively orders every mapping's keys by their UTF-8 bytes, as Go's encoder orders a map.
    void sortKeys();
    // How many nodes this value holds, itself included.
    qsizetype nodeCount() const;

    // The name of this kind as an error message says it: "a string", "a mapping", …
    QString kindName() const;

    std::variant<std::monostate, bool, qint64, quint64, double, QString, Sequence, Mapping> data;
    SourceMark mark;
};

} // namespace kubestrap
