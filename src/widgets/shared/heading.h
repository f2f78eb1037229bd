#pragma once

#include <QtGlobal>

class QLabel;

namespace kubestrap {

// Gives a panel's title label the same larger, bold look everywhere, derived from the system font
// so it follows the user's size and high-DPI settings.
void styleAsHeading(QLabel *label, qreal scale = 1.6);

} // namespace kubestrap
