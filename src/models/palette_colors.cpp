#include "palette_colors.h"

#include <algorithm>
#include <cmath>

namespace kubestrap {

namespace {

double luminance(const QColor &color)
{
    const auto linear = [](double channel) {
        return channel <= 0.03928 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF())
           + 0.0722 * linear(color.blueF());
}

} // namespace

double contrastRatio(const QColor &a, const QColor &b)
{
    const double lighter = std::max(luminance(a), luminance(b));
    const double darker = std::min(luminance(a), luminance(b));
    return (lighter + 0.05) / (darker + 0.05);
}

QColor warningTextColor(const QPalette &palette)
{
    // GNOME's red for light themes, GitHub's dark-theme red for dark ones.
    const QColor candidates[] = {QColor(0xc0, 0x1c, 0x28), QColor(0xff, 0x7b, 0x72)};
    const auto worstContrast = [&](const QColor &color) {
        return std::min(contrastRatio(color, palette.color(QPalette::Window)),
                        contrastRatio(color, palette.color(QPalette::Base)));
    };
    return *std::max_element(
        std::begin(candidates), std::end(candidates),
        [&](const QColor &a, const QColor &b) { return worstContrast(a) < worstContrast(b); });
}

} // namespace kubestrap
