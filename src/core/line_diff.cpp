#include "line_diff.h"

#include <vector>

namespace kubestrap {

namespace {

// Past this many cells the changed middle is shown as removed and added whole: a table of that
// size costs 16 MB, and edits of a ConfigMap are small islands that the common start and end
// already fence in.
constexpr qsizetype kMaxTable = 16'000'000;

// The middle of two texts, after their common start and end: the longest common subsequence by
// dynamic programming, walked back into '-', '+' and ' ' lines.
QStringList middleDiff(const QStringList &before, const QStringList &after)
{
    const qsizetype rows = before.size();
    const qsizetype columns = after.size();
    QStringList lines;
    if (rows * columns > kMaxTable) {
        for (const QString &line : before)
            lines << QLatin1Char('-') + line;
        for (const QString &line : after)
            lines << QLatin1Char('+') + line;
        return lines;
    }
    // common[i][j]: the longest common subsequence of before[i..] and after[j..].
    std::vector<int> common((rows + 1) * (columns + 1), 0);
    const auto at = [columns](qsizetype i, qsizetype j) {
        return i * (columns + 1) + j;
    };
    for (qsizetype i = rows - 1; i >= 0; --i)
        for (qsizetype j = columns - 1; j >= 0; --j)
            common[at(i, j)] = before[i] == after[j]
                                   ? common[at(i + 1, j + 1)] + 1
                                   : std::max(common[at(i + 1, j)], common[at(i, j + 1)]);
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < rows || j < columns) {
        if (i < rows && j < columns && before[i] == after[j]) {
            lines << QLatin1Char(' ') + before[i++];
            ++j;
        } else if (i < rows && (j == columns || common[at(i + 1, j)] >= common[at(i, j + 1)])) {
            lines << QLatin1Char('-') + before[i++]; // removals first, as diff shows them
        } else {
            lines << QLatin1Char('+') + after[j++];
        }
    }
    return lines;
}

} // namespace

QStringList lineDiff(const QString &before, const QString &after, int context)
{
    if (before == after)
        return {};
    const QStringList old = before.split(QLatin1Char('\n'));
    const QStringList now = after.split(QLatin1Char('\n'));
    qsizetype start = 0;
    while (start < old.size() && start < now.size() && old[start] == now[start])
        ++start;
    qsizetype end = 0;
    while (end < old.size() - start && end < now.size() - start
           && old[old.size() - 1 - end] == now[now.size() - 1 - end])
        ++end;
    QStringList all;
    for (qsizetype i = 0; i < start; ++i)
        all << QLatin1Char(' ') + old[i];
    all << middleDiff(old.mid(start, old.size() - start - end),
                      now.mid(start, now.size() - start - end));
    for (qsizetype i = old.size() - end; i < old.size(); ++i)
        all << QLatin1Char(' ') + old[i];

    // Keep `context` unchanged lines either side of each change.
    std::vector<bool> kept(all.size(), false);
    for (qsizetype i = 0; i < all.size(); ++i)
        if (!all[i].startsWith(QLatin1Char(' ')))
            for (qsizetype k = std::max<qsizetype>(0, i - context);
                 k <= std::min<qsizetype>(all.size() - 1, i + context); ++k)
                kept[k] = true;
    QStringList shown;
    qsizetype lineInAfter = 0;
    bool cut = false;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const bool inAfter = !all[i].startsWith(QLatin1Char('-'));
        if (kept[i]) {
            if (cut || (i > 0 && shown.isEmpty()))
                shown << QStringLiteral("@@ line %1 @@").arg(lineInAfter + 1);
            shown << all[i];
            cut = false;
        } else {
            cut = true;
        }
        lineInAfter += inAfter ? 1 : 0;
    }
    return shown;
}

} // namespace kubestrap
