#include "configmap_sources.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

namespace kubestrap::configmaps {

namespace {

// The API server refuses a ConfigMap whose keys and values add up to more than this.
constexpr qint64 kMaxBytes = 1024 * 1024;

// Go's %q for the plain keys kubectl quotes.
QString quoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

// Go's %v for a byte slice: "[65 61 255]".
QString goBytes(const QByteArray &bytes)
{
    QStringList numbers;
    for (const char byte : bytes)
        numbers << QString::number(static_cast<unsigned char>(byte));
    return QLatin1Char('[') + numbers.join(QLatin1Char(' ')) + QLatin1Char(']');
}

// apimachinery's hasChDirPrefix: a key must not be, or start with, a path that leaves the folder
// the ConfigMap is mounted in.
QStringList chDirProblems(const QString &key)
{
    if (key == QLatin1String("."))
        return {QStringLiteral("must not be '.'")};
    if (key == QLatin1String(".."))
        return {QStringLiteral("must not be '..'")};
    if (key.startsWith(QLatin1String("..")))
        return {QStringLiteral("must not start with '..'")};
    return {};
}

// The messages below are apimachinery's validation words, which kubectl prints as they are; they
// stay in English, as kubectl's do, so that they can be searched for.
QString envNameProblem(const QString &key)
{
    static const QRegularExpression name(QStringLiteral("^[-._a-zA-Z][-._a-zA-Z0-9]*$"));
    QStringList problems;
    if (!name.match(key).hasMatch())
        problems << QStringLiteral(
            "a valid environment variable name must consist of alphabetic characters, digits, "
            "'_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or "
            "'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is "
            "'[-._a-zA-Z][-._a-zA-Z0-9]*')");
    problems << chDirProblems(key);
    return problems.isEmpty() ? QString()
                              : QStringLiteral("%1 is not a valid key name: %2")
                                    .arg(quoted(key), problems.join(QLatin1Char(';')));
}

// Go's utf8.Valid: what does not decode comes back changed (as U+FFFD).
bool isUtf8(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

class Builder {
public:
    Builder(const QString &name, const QString &namespaceName) : name(name)
    {
        configMap.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
        configMap.insert(QStringLiteral("kind"), QStringLiteral("ConfigMap"));
        QJsonObject metadata{{QStringLiteral("name"), name}};
        if (!namespaceName.isEmpty())
            metadata.insert(QStringLiteral("namespace"), namespaceName);
        configMap.insert(QStringLiteral("metadata"), metadata);
    }

    // kubectl's validateNewConfigMap, then the value in data or binaryData.
    Result<bool> add(const QString &key, const QByteArray &value)
    {
        if (const QString problem = keyProblem(key); !problem.isEmpty())
            return fail(problem);
        for (const auto &[field, shown] : {std::pair{&data, "Data"}, {&binaryData, "BinaryData"}})
            if (field->contains(key))
                return fail(QStringLiteral("cannot add key %1, another key by that name already "
                                           "exists in %2 for ConfigMap %3")
                                .arg(quoted(key), QLatin1String(shown), quoted(name)));
        bytes += key.toUtf8().size() + value.size();
        if (isUtf8(value))
            data.insert(key, QString::fromUtf8(value));
        else
            binaryData.insert(key, QString::fromLatin1(value.toBase64()));
        return true;
    }

    Result<QJsonObject> result() const
    {
        if (bytes > kMaxBytes)
            return fail(QCoreApplication::translate(
                            "kubestrap::ConfigMapSources",
                            "These keys hold %1, and the API server takes at most %2 in one "
                            "ConfigMap. Mount large files from a volume instead.")
                            .arg(QLocale().formattedDataSize(bytes),
                                 QLocale().formattedDataSize(kMaxBytes)));
        QJsonObject built = configMap;
        if (!data.isEmpty())
            built.insert(QStringLiteral("data"), data);
        if (!binaryData.isEmpty())
            built.insert(QStringLiteral("binaryData"), binaryData);
        return built;
    }

private:
    QString name;
    QJsonObject configMap;
    QJsonObject data;
    QJsonObject binaryData;
    qint64 bytes = 0;
};

// The file's bytes, or kubectl's words for why not. A file too large for any ConfigMap is not
// read at all, and a pipe or device, which kubectl would wait on for ever, is refused.
Result<QByteArray> readFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return fail(QStringLiteral("error reading %1: no such file or directory").arg(path));
    if (!info.isFile())
        return fail(QCoreApplication::translate("kubestrap::ConfigMapSources",
                                                "%1 is not a regular file or a folder.")
                        .arg(path));
    if (info.size() > kMaxBytes)
        return fail(QCoreApplication::translate(
                        "kubestrap::ConfigMapSources",
                        "%1 holds %2, more than the API server takes in one ConfigMap (%3).")
                        .arg(path, QLocale().formattedDataSize(info.size()),
                             QLocale().formattedDataSize(kMaxBytes)));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("error reading %1: %2").arg(path, file.errorString()));
    return file.readAll();
}

// kubectl's ParseFileSource: "path" or "key=path".
Result<std::pair<QString, QString>> keyAndPath(const QString &source)
{
    const qsizetype separators = source.count(QLatin1Char('='));
    if (separators == 0)
        return std::pair{QFileInfo(source).fileName(), source};
    if (separators > 1)
        return fail(QStringLiteral("key names or file paths cannot contain '='"));
    if (source.startsWith(QLatin1Char('=')))
        return fail(QStringLiteral("key name for file path %1 missing").arg(source.mid(1)));
    if (source.endsWith(QLatin1Char('=')))
        return fail(QStringLiteral("file path for key name %1 missing").arg(source.chopped(1)));
    return std::pair{source.section(QLatin1Char('='), 0, 0), source.section(QLatin1Char('='), 1)};
}

Result<bool> addFile(Builder &builder, const QString &source)
{
    const auto parsed = keyAndPath(source);
    if (!parsed)
        return unexpected(parsed.error());
    const auto &[key, path] = *parsed;
    if (!QFileInfo(path).isDir()) {
        const auto bytes = readFile(path);
        if (!bytes)
            return unexpected(bytes.error());
        return builder.add(key, *bytes);
    }
    if (source.contains(QLatin1Char('=')))
        return fail(QStringLiteral("cannot give a key name for a directory path"));
    // Regular files only: kubectl skips links, sub-folders and devices, but not hidden files.
    QStringList names =
        QDir(path).entryList(QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDir::Unsorted);
    std::sort(names.begin(), names.end()); // Go's ReadDir order
    for (const QString &file : names) {
        const auto bytes = readFile(QDir(path).filePath(file));
        if (!bytes)
            return unexpected(bytes.error());
        if (auto added = builder.add(file, *bytes); !added)
            return added;
    }
    return true;
}

Result<bool> addLiteral(Builder &builder, const QString &source)
{
    if (!source.contains(QLatin1Char('=')) || source.startsWith(QLatin1Char('=')))
        return fail(QStringLiteral("invalid literal source %1, expected key=value").arg(source));
    return builder.add(source.section(QLatin1Char('='), 0, 0),
                       source.section(QLatin1Char('='), 1).toUtf8());
}

// kubectl's env file: KEY=VALUE lines, the value kept as written; a KEY alone takes its value from
// the environment; blank lines and lines starting with '#' are skipped.
Result<bool> addEnvFile(Builder &builder, const QString &path, const Environment &environment)
{
    if (QFileInfo(path).isDir())
        return fail(QStringLiteral("env config file cannot be a directory"));
    const auto bytes = readFile(path);
    if (!bytes)
        return unexpected(bytes.error());
    QList<QByteArray> lines = bytes->split('\n');
    if (lines.last().isEmpty())
        lines.removeLast();
    for (qsizetype number = 0; number < lines.size(); ++number) {
        QByteArray line = lines[number];
        if (line.endsWith('\r'))
            line.chop(1);
        if (number == 0 && line.startsWith("\xef\xbb\xbf"))
            line.remove(0, 3);
        if (!isUtf8(line))
            return fail(QStringLiteral("env file %1 contains invalid utf8 bytes at line %2: %3")
                            .arg(path)
                            .arg(number + 1)
                            .arg(goBytes(line)));
        const QString text =
            QString::fromUtf8(line).remove(QRegularExpression(QStringLiteral("^\\s+")));
        if (text.isEmpty() || text.startsWith(QLatin1Char('#')))
            continue;
        const QString key = text.section(QLatin1Char('='), 0, 0);
        if (const QString problem = envNameProblem(key); !problem.isEmpty())
            return fail(problem);
        const QString value = text.contains(QLatin1Char('='))
                                  ? text.section(QLatin1Char('='), 1)
                                  : environment(key).value_or(QString());
        if (auto added = builder.add(key, value.toUtf8()); !added)
            return added;
    }
    return true;
}

} // namespace

std::optional<QString> processEnvironment(const QString &name)
{
    if (!qEnvironmentVariableIsSet(name.toLocal8Bit().constData()))
        return std::nullopt;
    return qEnvironmentVariable(name.toLocal8Bit().constData());
}

QString keyProblem(const QString &key)
{
    static const QRegularExpression allowed(QStringLiteral("^[-._a-zA-Z0-9]+$"));
    QStringList problems;
    if (key.toUtf8().size() > 253)
        problems << QStringLiteral("must be no more than 253 characters");
    if (!allowed.match(key).hasMatch())
        problems << QStringLiteral(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
            "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
            "'[-._a-zA-Z0-9]+')");
    problems << chDirProblems(key);
    return problems.isEmpty() ? QString()
                              : QStringLiteral("%1 is not a valid key name for a ConfigMap: %2")
                                    .arg(quoted(key), problems.join(QLatin1Char(',')));
}

Result<QJsonObject> fromSources(const QString &name, const QString &namespaceName,
                                const QList<Source> &sources, const Environment &environment)
{
    const auto any = [&sources](Source::Kind kind) {
        return std::any_of(sources.begin(), sources.end(),
                           [kind](const Source &source) { return source.kind == kind; });
    };
    if (any(Source::Kind::EnvFile) && (any(Source::Kind::File) || any(Source::Kind::Literal)))
        return fail(
            QStringLiteral("from-env-file cannot be combined with from-file or from-literal"));
    Builder builder(name, namespaceName);
    for (const Source::Kind kind :
         {Source::Kind::File, Source::Kind::Literal, Source::Kind::EnvFile})
        for (const Source &source : sources) {
            if (source.kind != kind)
                continue;
            const Result<bool> added =
                kind == Source::Kind::File      ? addFile(builder, source.argument)
                : kind == Source::Kind::Literal ? addLiteral(builder, source.argument)
                                                : addEnvFile(builder, source.argument, environment);
            if (!added)
                return unexpected(added.error());
        }
    return builder.result();
}

QString flag(const Source &source)
{
    switch (source.kind) {
    case Source::Kind::Literal:
        return QStringLiteral("--from-literal=") + source.argument;
    case Source::Kind::File:
        return QStringLiteral("--from-file=") + source.argument;
    case Source::Kind::EnvFile:
        return QStringLiteral("--from-env-file=") + source.argument;
    }
    return {};
}

} // namespace kubestrap::configmaps
