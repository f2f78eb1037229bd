#include "yaml_scalar.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

namespace kubestrap::yaml_scalar {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::yaml_scalar", text);
}

// Go's strconv.ParseUint/ParseInt with base 0: 0x, 0o, 0b and leading-0 octal prefixes.
bool parseUnsigned(std::string_view digits, quint64 &out)
{
    int base = 10;
    if (digits.size() > 1 && digits[0] == '0') {
        const char p = digits[1];
        if (p == 'x' || p == 'X')
            base = 16, digits.remove_prefix(2);
        else if (p == 'o' || p == 'O')
            base = 8, digits.remove_prefix(2);
        else if (p == 'b' || p == 'B')
            base = 2, digits.remove_prefix(2);
        else
            base = 8, digits.remove_prefix(1);
    }
    if (digits.empty())
        return false;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out, base);
    return ec == std::errc() && end == digits.data() + digits.size();
}

std::optional<YamlValue> parseInteger(const std::string &plain)
{
    std::string_view digits = plain;
    bool negative = false;
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
        negative = digits[0] == '-';
        digits.remove_prefix(1);
    }
    quint64 magnitude = 0;
    if (!parseUnsigned(digits, magnitude))
        return std::nullopt;
    constexpr quint64 maxSigned = quint64(std::numeric_limits<qint64>::max());
    if (negative) {
        if (magnitude > maxSigned + 1)
            return std::nullopt;
        return YamlValue(magnitude == maxSigned + 1 ? std::numeric_limits<qint64>::min()
                                                    : -qint64(magnitude));
    }
    if (magnitude <= maxSigned)
        return YamlValue(qint64(magnitude));
    if (plain[0] == '+') // ParseUint takes no sign
        return std::nullopt;
    return YamlValue(magnitude);
}

std::optional<double> parseFloat(const std::string &text)
{
    std::string_view view = text;
    if (!view.empty() && view[0] == '+')
        view.remove_prefix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(view.data(), view.data() + view.size(), value);
    if (ec != std::errc() || end != view.data() + view.size() || std::isinf(value))
        return std::nullopt; // out of range is a string to go-yaml, not infinity
    return value;
}

const QRegularExpression &yamlStyleFloat()
{
    static const QRegularExpression re(
        QStringLiteral(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)"));
    return re;
}

std::optional<YamlValue> fromTable(const QString &text)
{
    static const QHash<QString, YamlValue> table = [] {
        QHash<QString, YamlValue> t;
        for (const char *s :
             {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
            t.insert(QLatin1String(s), YamlValue(true));
        for (const char *s :
             {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
            t.insert(QLatin1String(s), YamlValue(false));
        for (const char *s : {"", "~", "null", "Null", "NULL"})
            t.insert(QLatin1String(s), YamlValue());
        for (const char *s : {".nan", ".NaN", ".NAN"})
            t.insert(QLatin1String(s), YamlValue(std::numeric_limits<double>::quiet_NaN()));
        for (const char *s : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})
            t.insert(QLatin1String(s), YamlValue(std::numeric_limits<double>::infinity()));
        for (const char *s : {"-.inf", "-.Inf", "-.INF"})
            t.insert(QLatin1String(s), YamlValue(-std::numeric_limits<double>::infinity()));
        return t;
    }();
    const auto it = table.constFind(text);
    if (it == table.constEnd())
        return std::nullopt;
    return *it;
}

// go-yaml's first-character hint: only these can start something other than a string.
char hint(const QString &text)
{
    if (text.isEmpty())
        return 'N';
    const QChar c = text.front();
    if (c == QLatin1Char('+') || c == QLatin1Char('-'))
        return 'S';
    if (c.isDigit() && c.unicode() < 128)
        return 'D';
    if (QStringLiteral("yYnNtTfFoO~").contains(c))
        return 'M';
    if (c == QLatin1Char('.'))
        return '.';
    return 0;
}

bool isBase60Float(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$)"));
    return !text.isEmpty() && re.match(text).hasMatch();
}

} // namespace

YamlValue resolvePlain(const QString &text)
{
    const char h = hint(text);
    if (h == 0)
        return YamlValue(text);
    if (auto known = fromTable(text))
        return *known;
    if (h == '.') {
        if (const auto value = parseFloat(text.toStdString()))
            return YamlValue(*value);
    } else if (h == 'D' || h == 'S') {
        const std::string plain = QString(text).remove(QLatin1Char('_')).toStdString();
        if (auto integer = parseInteger(plain))
            return *integer;
        if (yamlStyleFloat().match(QString::fromStdString(plain)).hasMatch()) {
            if (const auto value = parseFloat(plain))
                return YamlValue(*value);
        }
    }
    return YamlValue(text);
}

Result<YamlValue> resolveTagged(const QString &tag, const QString &text, bool plain)
{
    const QString prefix = QStringLiteral("tag:yaml.org,2002:");
    if (!tag.startsWith(prefix))
        return plain && tag.isEmpty() ? resolvePlain(text) : YamlValue(text);

    const QString kind = tag.mid(prefix.size());
    if (kind == QLatin1String("str") || kind == QLatin1String("timestamp"))
        return YamlValue(text);
    if (kind == QLatin1String("binary")) {
        const auto decoded = QByteArray::fromBase64Encoding(
            text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return fail(tr("!!binary value is not valid base64"));
        return YamlValue(QString::fromUtf8(*decoded));
    }
    const YamlValue resolved = resolvePlain(text);
    const auto k = resolved.kind();
    const bool matches = (kind == QLatin1String("null") && k == YamlValue::Kind::Null)
                         || (kind == QLatin1String("bool") && k == YamlValue::Kind::Bool)
                         || (kind == QLatin1String("int")
                             && (k == YamlValue::Kind::Int || k == YamlValue::Kind::UInt))
                         || (kind == QLatin1String("float") && k == YamlValue::Kind::Float);
    if (matches)
        return resolved;
    if (kind == QLatin1String("float") && k == YamlValue::Kind::Int)
        return YamlValue(double(std::get<qint64>(resolved.data)));
    if (kind == QLatin1String("float") && k == YamlValue::Kind::UInt)
        return YamlValue(double(std::get<quint64>(resolved.data)));
    if (kind == QLatin1String("null") || kind == QLatin1String("bool")
        || kind == QLatin1String("int") || kind == QLatin1String("float"))
        return fail(tr("cannot read '%1' as !!%2").arg(text, kind));
    return YamlValue(text); // seq, map and other tags on a scalar: the text stays
}

// go-yaml v2 reads these as timestamps when it prints, so it quotes them; kubectl's readers see
// strings either way.
bool looksLikeTimestamp(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(
        R"(^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?)?$)"));
    return re.match(text).hasMatch();
}

bool needsQuotes(const QString &text)
{
    return resolvePlain(text).kind() != YamlValue::Kind::String || isBase60Float(text)
           || looksLikeTimestamp(text);
}

QString formatJsonFloat(double value)
{
    char buffer[64];
    const double magnitude = std::abs(value);
    const bool exponent = magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21);
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value,
                      exponent ? std::chars_format::scientific : std::chars_format::fixed);
    QString text = QString::fromLatin1(buffer, result.ptr - buffer);
    // Go writes e-7 where C writes e-07, but keeps e+21.
    const qsizetype e = text.indexOf(QLatin1String("e-0"));
    if (e >= 0 && e + 4 == text.size())
        text.remove(e + 2, 1);
    return text;
}

QString formatKeyFloat(double value)
{
    if (std::isinf(value))
        return value > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
    if (std::isnan(value))
        return QStringLiteral(".nan");
    const float narrow = float(value);
    char buffer[64];
    auto result =
        std::to_chars(buffer, buffer + sizeof buffer, narrow, std::chars_format::scientific);
    const QString scientific = QString::fromLatin1(buffer, result.ptr - buffer);
    const int exponent = scientific.mid(scientific.indexOf(QLatin1Char('e')) + 1).toInt();
    // Go's shortest %g switches to an exponent below 1e-4 and from 1e+06 on; std::to_chars writes
    // the exponent with two digits and a sign, as Go does.
    if (narrow != 0 && (exponent < -4 || exponent >= 6))
        return scientific;
    result = std::to_chars(buffer, buffer + sizeof buffer, narrow, std::chars_format::fixed);
    return QString::fromLatin1(buffer, result.ptr - buffer);
}

} // namespace kubestrap::yaml_scalar
