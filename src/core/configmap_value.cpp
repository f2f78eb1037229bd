#include "configmap_value.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>

namespace kubestrap::configmaps {

namespace {

const char *const kContext = "kubestrap::configmaps";

// The first lines that are neither blank nor comments.
QStringList firstLines(const QByteArray &value, int count)
{
    QStringList lines;
    for (const QByteArray &line : value.left(64 * 1024).split('\n')) {
        const QString text = QString::fromUtf8(line).trimmed();
        if (text.isEmpty() || text.startsWith(QLatin1Char('#'))
            || text.startsWith(QLatin1Char(';')))
            continue;
        lines << text;
        if (lines.size() == count)
            break;
    }
    return lines;
}

bool allMatch(const QStringList &lines, const QRegularExpression &pattern)
{
    if (lines.isEmpty())
        return false;
    for (const QString &line : lines)
        if (!pattern.match(line).hasMatch())
            return false;
    return true;
}

} // namespace

ValueFormat formatOf(const QString &key, const QByteArray &value, bool binary)
{
    if (binary)
        return ValueFormat::Binary;
    const QString extension = key.section(QLatin1Char('.'), -1).toLower();
    if (value.contains("-----BEGIN "))
        return ValueFormat::Pem;
    if (extension == QLatin1String("yaml") || extension == QLatin1String("yml"))
        return ValueFormat::Yaml;
    if (extension == QLatin1String("json"))
        return ValueFormat::Json;
    for (const char *ini : {"ini", "conf", "cfg", "toml", "properties", "env"})
        if (extension == QLatin1String(ini))
            return ValueFormat::Ini;
    const QByteArray start = value.trimmed().left(1);
    if ((start == "{" || start == "[") && value.size() < 8 * 1024 * 1024) {
        QJsonParseError error;
        QJsonDocument::fromJson(value, &error);
        if (error.error == QJsonParseError::NoError)
            return ValueFormat::Json;
    }
    const QStringList lines = firstLines(value, 8);
    static const QRegularExpression section(QStringLiteral("^\\[[^\\]]+\\]$"));
    static const QRegularExpression assignment(QStringLiteral("^[\\w.\\-]+\\s*=.*$"));
    static const QRegularExpression yamlLine(
        QStringLiteral("^(-\\s|---|[\\w.\\-/\"']+:(\\s|$)|[\\]}]).*$"));
    if (!lines.isEmpty() && section.match(lines.first()).hasMatch())
        return ValueFormat::Ini;
    if (allMatch(lines, assignment))
        return ValueFormat::Ini;
    if (allMatch(lines, yamlLine))
        return ValueFormat::Yaml;
    return ValueFormat::Text;
}

QString binaryType(const QByteArray &bytes)
{
    const std::pair<QByteArray, const char *> magic[] = {
        {QByteArray("\x89PNG\r\n\x1a\n", 8),
         QT_TRANSLATE_NOOP("kubestrap::configmaps", "PNG image")},
        {QByteArray("\xff\xd8\xff", 3), QT_TRANSLATE_NOOP("kubestrap::configmaps", "JPEG image")},
        {QByteArray("GIF8"), QT_TRANSLATE_NOOP("kubestrap::configmaps", "GIF image")},
        {QByteArray("\x00\x00\x01\x00", 4), QT_TRANSLATE_NOOP("kubestrap::configmaps", "icon")},
        {QByteArray("\x1f\x8b", 2), QT_TRANSLATE_NOOP("kubestrap::configmaps", "gzip data")},
        {QByteArray("PK\x03\x04", 4), QT_TRANSLATE_NOOP("kubestrap::configmaps", "zip archive")},
        {QByteArray("%PDF"), QT_TRANSLATE_NOOP("kubestrap::configmaps", "PDF document")},
        {QByteArray("\x7f"
                    "ELF",
                    4),
         QT_TRANSLATE_NOOP("kubestrap::configmaps", "ELF program")},
        {QByteArray("\x30\x82", 2),
         QT_TRANSLATE_NOOP("kubestrap::configmaps", "DER data (a certificate or key)")},
        {QByteArray("\x28\xb5\x2f\xfd", 4),
         QT_TRANSLATE_NOOP("kubestrap::configmaps", "zstd data")},
    };
    for (const auto &[prefix, name] : magic)
        if (bytes.startsWith(prefix))
            return QCoreApplication::translate(kContext, name);
    return {};
}

QString formatName(ValueFormat format)
{
    switch (format) {
    case ValueFormat::Yaml:
        return QStringLiteral("YAML");
    case ValueFormat::Json:
        return QStringLiteral("JSON");
    case ValueFormat::Ini:
        return QCoreApplication::translate(kContext, "INI-style settings");
    case ValueFormat::Pem:
        return QStringLiteral("PEM");
    case ValueFormat::Binary:
        return QCoreApplication::translate(kContext, "Binary");
    case ValueFormat::Text:
        break;
    }
    return QCoreApplication::translate(kContext, "Text");
}

} // namespace kubestrap::configmaps
