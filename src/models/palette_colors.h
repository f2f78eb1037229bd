#pragma once

#include <QColor>
#include <QPalette>

namespace kubestrap {

// The colour of text that warns ("this context cannot be used"), picked for `palette` so that it
// reads at WCAG's 4.5:1 against both the window and the views' base, in light and dark themes.
QColor warningTextColor(const QPalette &palette);

// WCAG's contrast ratio of two colours, from 1 (the same) to 21 (black on white).
double contrastRatio(const QColor &a, const QColor &b);

} // namespace kubestrap
