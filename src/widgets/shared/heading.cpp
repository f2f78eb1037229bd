#include "heading.h"

#include <QLabel>

namespace kubestrap {

void styleAsHeading(QLabel *label, qreal scale)
{
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * scale);
    font.setBold(true);
    label->setFont(font);
}

} // namespace kubestrap
