#pragma once

#include <QString>
#include <QStringList>

namespace kubestrap {

// What saving would change, as `diff -u` shows it: lines that stay start with ' ', removed ones
// with '-', added ones with '+'; runs of unchanged lines longer than twice `context` are cut to
// `context` lines either side of a change, with "@@ line N @@" (N counted in `after`) where a cut
// was made. Empty when the texts are the same.
QStringList lineDiff(const QString &before, const QString &after, int context = 3);

} // namespace kubestrap
