#include "text_folds.h"

#include <QRegularExpression>

#include <algorithm>

namespace kubestrap::folds {

namespace {

bool isBlank(const QString &line)
{
    return line.trimmed().isEmpty();
}

// How deep a line sits: its leading spaces (a tab as one), and in YAML one more for a list
// item's dash, so that "- a" under "key:" at the same column belongs to the key.
int depthOf(const QString &line, Style style)
{
    int depth = 0;
    while (depth < line.size()
           && (line.at(depth) == QLatin1Char(' ') || line.at(depth) == QLatin1Char('\t')))
        ++depth;
    if (style == Style::YamlIndentation && line.mid(depth).startsWith(QLatin1Char('-'))
        && (depth + 1 == line.size() || line.at(depth + 1) == QLatin1Char(' ')))
        ++depth;
    return depth;
}

// The last non-blank line before `end`, but not before `from`.
int lastFilled(const QStringList &lines, int from, int end)
{
    int last = end - 1;
    while (last > from && isBlank(lines.at(last)))
        --last;
    return last;
}

QList<Fold> sections(const QStringList &lines)
{
    static const QRegularExpression header(QStringLiteral("^\\s*\\[[^\\]]+\\]\\s*$"));
    QList<int> headers;
    for (int i = 0; i < lines.size(); ++i)
        if (header.match(lines.at(i)).hasMatch())
            headers << i;
    QList<Fold> found;
    for (int h = 0; h < headers.size(); ++h) {
        const int end = h + 1 < headers.size() ? headers.at(h + 1) : int(lines.size());
        const int last = lastFilled(lines, headers.at(h), end);
        if (last > headers.at(h))
            found << Fold{headers.at(h), last};
    }
    return found;
}

} // namespace

QList<Fold> foldsOf(const QStringList &lines, Style style)
{
    if (style == Style::Sections)
        return sections(lines);
    QList<int> depths; // -1 for a blank line
    depths.reserve(lines.size());
    for (const QString &line : lines)
        depths << (isBlank(line) ? -1 : depthOf(line, style));
    QList<Fold> found;
    // Open folds as a stack of openers, closed by the first filled line as shallow as them:
    // one pass, however deep the nesting.
    QList<int> open;
    const auto close = [&](int end) {
        const int opener = open.takeLast();
        const int last = lastFilled(lines, opener, end);
        if (last > opener)
            found << Fold{opener, last};
    };
    for (int i = 0; i < lines.size(); ++i) {
        if (depths.at(i) < 0)
            continue;
        while (!open.isEmpty() && depths.at(open.last()) >= depths.at(i))
            close(i);
        open << i;
    }
    while (!open.isEmpty())
        close(int(lines.size()));
    std::sort(found.begin(), found.end(),
              [](const Fold &a, const Fold &b) { return a.opener < b.opener; });
    return found;
}

} // namespace kubestrap::folds
