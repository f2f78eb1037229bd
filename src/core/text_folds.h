#pragma once

#include <QList>
#include <QStringList>

// Where a viewer may fold a text away, as editors fold code: under a line whose next lines are
// indented deeper (YAML, indented JSON), or under an INI [section] header up to the next one.
namespace kubestrap::folds {

enum class Style {
    Indentation,     // JSON as shown indented, nested blocks
    YamlIndentation, // also a "- item" list at its key's own indentation, as YAML allows
    Sections,        // INI: "[section]" headers
};

// The lines after `opener` up to and including `last` (0-based line numbers) fold under it.
struct Fold {
    int opener = 0;
    int last = 0;
    bool operator==(const Fold &) const = default;
};

// Every fold of `lines`, by opener. Blank lines decide nothing, and a fold never ends on one.
QList<Fold> foldsOf(const QStringList &lines, Style style);

} // namespace kubestrap::folds
