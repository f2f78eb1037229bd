#include "rfc3339.h"

#include <QRegularExpression>

namespace kubestrap {

std::optional<QDateTime> parseRfc3339(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{1,2}):(\\d{2}):(\\d{2})([.,]\\d+)?"
                       "(?:Z|([+-])(\\d{2}):(\\d{2}))$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const auto number = [&](int group) {
        return match.captured(group).toInt();
    };
    const QDate date(number(1), number(2), number(3));
    // Go refuses 24:00 and a leap second, yet takes an offset of +24:00 or of 60 minutes.
    if (!date.isValid() || number(4) > 23 || number(5) > 59 || number(6) > 59
        || (match.hasCaptured(8) && (number(9) > 24 || number(10) > 60)))
        return std::nullopt;
    int milliseconds = 0;
    if (match.hasCaptured(7))
        milliseconds = match.captured(7).mid(1).leftJustified(3, QLatin1Char('0')).left(3).toInt();
    int offset = 0;
    if (match.hasCaptured(8))
        offset = (number(9) * 3600 + number(10) * 60)
                 * (match.captured(8) == QLatin1String("-") ? -1 : 1);
    // QTimeZone takes no offset of a whole day, so the offset is taken off by hand.
    return QDateTime(date, QTime(number(4), number(5), number(6), milliseconds), Qt::UTC)
        .addSecs(-offset);
}

} // namespace kubestrap
