#include "human_duration.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace kubestrap {

QString humanDuration(qint64 seconds)
{
    if (seconds < -1)
        return QStringLiteral("<invalid>");
    if (seconds < 0)
        return QStringLiteral("0s");
    if (seconds < 120)
        return QStringLiteral("%1s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 10)
        return seconds % 60 ? QStringLiteral("%1m%2s").arg(minutes).arg(seconds % 60)
                            : QStringLiteral("%1m").arg(minutes);
    if (minutes < 180)
        return QStringLiteral("%1m").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 8)
        return minutes % 60 ? QStringLiteral("%1h%2m").arg(hours).arg(minutes % 60)
                            : QStringLiteral("%1h").arg(hours);
    if (hours < 48)
        return QStringLiteral("%1h").arg(hours);
    if (hours < 24 * 8)
        return hours % 24 ? QStringLiteral("%1d%2h").arg(hours / 24).arg(hours % 24)
                          : QStringLiteral("%1d").arg(hours / 24);
    if (hours < 24 * 365 * 2)
        return QStringLiteral("%1d").arg(hours / 24);
    if (hours < 24 * 365 * 8) {
        const qint64 days = (hours / 24) % 365;
        return days ? QStringLiteral("%1y%2d").arg(hours / 24 / 365).arg(days)
                    : QStringLiteral("%1y").arg(hours / 24 / 365);
    }
    return QStringLiteral("%1y").arg(hours / 24 / 365);
}

} // namespace kubestrap

namespace kubestrap {

QString shortHumanDuration(qint64 seconds)
{
    if (seconds < -1)
        return QStringLiteral("<invalid>");
    if (seconds < 0)
        return QStringLiteral("0s");
    if (seconds < 60)
        return QStringLiteral("%1s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1m").arg(seconds / 60);
    const qint64 hours = seconds / 3600;
    if (hours < 24)
        return QStringLiteral("%1h").arg(hours);
    if (hours < 24 * 365)
        return QStringLiteral("%1d").arg(hours / 24);
    return QStringLiteral("%1y").arg(hours / 24 / 365);
}

Result<qint64> parseGoDuration(const QString &text)
{
    // Go's time.ParseDuration: an optional sign, then one or more decimal numbers each with a
    // unit (ns, us, µs, ms, s, m, h); "0" alone needs none. Kept here to whole seconds.
    static const QRegularExpression part(
        QStringLiteral("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)"));
    QString rest = text.trimmed();
    if (rest == QLatin1String("0") || rest == QLatin1String("+0") || rest == QLatin1String("-0"))
        return qint64(0);
    const bool negative = rest.startsWith(QLatin1Char('-'));
    if (negative || rest.startsWith(QLatin1Char('+')))
        rest.remove(0, 1);
    if (rest.isEmpty())
        return fail(QCoreApplication::translate("kubestrap", "'%1' is not a duration (such as "
                                                             "24h, 90m or 1h30m)")
                        .arg(text));
    double seconds = 0;
    qsizetype at = 0;
    while (at < rest.size()) {
        const auto match = part.match(rest, at, QRegularExpression::NormalMatch,
                                      QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch())
            return fail(QCoreApplication::translate("kubestrap", "'%1' is not a duration (such "
                                                                 "as 24h, 90m or 1h30m)")
                            .arg(text));
        const double value = match.captured(1).toDouble();
        const QString unit = match.captured(2);
        const double scale = unit == QLatin1String("h")   ? 3600
                             : unit == QLatin1String("m") ? 60
                             : unit == QLatin1String("s") ? 1
                             : unit == QLatin1String("ms")
                                 ? 1e-3
                                 : (unit == QLatin1String("ns") ? 1e-9 : 1e-6);
        seconds += value * scale;
        at = match.capturedEnd();
    }
    if (seconds > 1e12)
        return fail(
            QCoreApplication::translate("kubestrap", "'%1' is too long a duration").arg(text));
    return qint64(negative ? -seconds : seconds);
}

} // namespace kubestrap
