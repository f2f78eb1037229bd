#include "yaml_writer.h"

#include <QJsonArray>
#include <QJsonObject>

#include "yaml_scalar.h"

#include <QCoreApplication>

#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::writeYaml", text);
}

int appendOutput(void *data, unsigned char *buffer, size_t size)
{
    static_cast<QByteArray *>(data)->append(reinterpret_cast<const char *>(buffer),
                                            qsizetype(size));
    return 1;
}

// kubectl prints YAML by reading its JSON output back, so a float is first written as Go's JSON
// writes it; an integral one then reads back as an integer, any other prints as Go's
// strconv.FormatFloat(f, 'g', -1, 64) does.
QByteArray formatFloat(double value)
{
    if (std::isinf(value))
        return value > 0 ? ".inf" : "-.inf";
    if (std::isnan(value))
        return ".nan";
    const QString json = yaml_scalar::formatJsonFloat(value);
    const auto asRead = yaml_scalar::resolvePlain(json).kind();
    if (asRead == YamlValue::Kind::Int || asRead == YamlValue::Kind::UInt)
        return json.toLatin1();
    char buffer[64];
    auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const QByteArray scientific(buffer, result.ptr - buffer);
    const int exponent = scientific.mid(scientific.indexOf('e') + 1).toInt();
    if (value != 0 && (exponent < -4 || exponent >= 6)) // Go's shortest %g switches at 1e+06
        return scientific;
    result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    return QByteArray(buffer, result.ptr - buffer);
}

class Emitter {
public:
    Emitter()
    {
        yaml_emitter_initialize(&emitter);
        yaml_emitter_set_output(&emitter, appendOutput, &out);
        yaml_emitter_set_unicode(&emitter, 1);
    }
    ~Emitter() { yaml_emitter_delete(&emitter); }
    Emitter(const Emitter &) = delete;
    Emitter &operator=(const Emitter &) = delete;

    bool document(const YamlValue &value)
    {
        yaml_event_t event;
        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING);
        if (!emit(event))
            return false;
        yaml_document_start_event_initialize(&event, nullptr, nullptr, nullptr, 1);
        if (!emit(event) || !node(value))
            return false;
        yaml_document_end_event_initialize(&event, 1);
        if (!emit(event))
            return false;
        yaml_stream_end_event_initialize(&event);
        return emit(event);
    }

    QString problem() const { return QString::fromUtf8(emitter.problem ? emitter.problem : "?"); }

    QByteArray out;

private:
    bool emit(yaml_event_t &event) { return yaml_emitter_emit(&emitter, &event) == 1; }

    bool scalar(const QByteArray &text, yaml_scalar_style_t style)
    {
        yaml_event_t event;
        yaml_scalar_event_initialize(&event, nullptr, nullptr,
                                     reinterpret_cast<const yaml_char_t *>(text.constData()),
                                     int(text.size()), 1, 1, style);
        return emit(event);
    }

    bool string(const QString &text)
    {
        yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
        if (text.contains(QLatin1Char('\n')))
            style = YAML_LITERAL_SCALAR_STYLE;
        else if (yaml_scalar::needsQuotes(text))
            style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        return scalar(text.toUtf8(), style);
    }

    bool node(const YamlValue &value)
    {
        yaml_event_t event;
        switch (value.kind()) {
        case YamlValue::Kind::Null:
            return scalar("null", YAML_PLAIN_SCALAR_STYLE);
        case YamlValue::Kind::Bool:
            return scalar(std::get<bool>(value.data) ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
        case YamlValue::Kind::Int:
            return scalar(QByteArray::number(std::get<qint64>(value.data)),
                          YAML_PLAIN_SCALAR_STYLE);
        case YamlValue::Kind::UInt:
            return scalar(QByteArray::number(std::get<quint64>(value.data)),
                          YAML_PLAIN_SCALAR_STYLE);
        case YamlValue::Kind::Float:
            return scalar(formatFloat(std::get<double>(value.data)), YAML_PLAIN_SCALAR_STYLE);
        case YamlValue::Kind::String:
            return string(*value.string());
        case YamlValue::Kind::Sequence:
            yaml_sequence_start_event_initialize(&event, nullptr, nullptr, 1,
                                                 YAML_BLOCK_SEQUENCE_STYLE);
            if (!emit(event))
                return false;
            for (const YamlValue &item : *value.sequence()) {
                if (!node(item))
                    return false;
            }
            yaml_sequence_end_event_initialize(&event);
            return emit(event);
        case YamlValue::Kind::Mapping:
            yaml_mapping_start_event_initialize(&event, nullptr, nullptr, 1,
                                                YAML_BLOCK_MAPPING_STYLE);
            if (!emit(event))
                return false;
            for (const auto &[key, member] : *value.mapping()) {
                if (!string(key) || !node(member))
                    return false;
            }
            yaml_mapping_end_event_initialize(&event);
            return emit(event);
        }
        return false;
    }

    yaml_emitter_t emitter;
};

bool isLetter(char32_t c)
{
    return QChar::isLetter(c);
}

bool isDigit(char32_t c)
{
    return QChar::isDigit(c);
}

// go-yaml v2's keyList.Less for string keys.
bool goYamlLess(const QString &left, const QString &right)
{
    const QList<uint> a = left.toUcs4();
    const QList<uint> b = right.toUcs4();
    for (qsizetype i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i] == b[i])
            continue;
        const bool al = isLetter(a[i]);
        const bool bl = isLetter(b[i]);
        if (al && bl)
            return a[i] < b[i];
        if (al || bl)
            return bl;
        qint64 an = 0;
        qint64 bn = 0;
        if (a[i] == '0' || b[i] == '0') {
            for (qsizetype j = i - 1; j >= 0 && isDigit(a[j]); --j) {
                if (a[j] != '0') {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        qsizetype ai = i;
        for (; ai < a.size() && isDigit(a[ai]); ++ai)
            an = an * 10 + qint64(a[ai] - '0');
        qsizetype bi = i;
        for (; bi < b.size() && isDigit(b[bi]); ++bi)
            bn = bn * 10 + qint64(b[bi] - '0');
        if (an != bn)
            return an < bn;
        if (ai != bi)
            return ai < bi;
        return a[i] < b[i];
    }
    return a.size() < b.size();
}

} // namespace

Result<QByteArray> writeYaml(const YamlValue &value)
{
    Emitter emitter;
    if (!emitter.document(value))
        return fail(tr("cannot write YAML: %1").arg(emitter.problem()));
    return emitter.out;
}

void sortKeysLikeKubectl(YamlValue &value)
{
    if (YamlValue::Sequence *items = value.sequence()) {
        for (YamlValue &item : *items)
            sortKeysLikeKubectl(item);
    } else if (YamlValue::Mapping *members = value.mapping()) {
        std::stable_sort(members->begin(), members->end(),
                         [](const auto &a, const auto &b) { return goYamlLess(a.first, b.first); });
        for (auto &member : *members)
            sortKeysLikeKubectl(member.second);
    }
}

YamlValue yamlFromJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return YamlValue(value.toBool());
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (number == double(qint64(number)))
            return YamlValue(qint64(number));
        return YamlValue(number);
    }
    case QJsonValue::String:
        return YamlValue(value.toString());
    case QJsonValue::Array: {
        YamlValue::Sequence items;
        for (const QJsonValue &item : value.toArray())
            items.push_back(yamlFromJson(item));
        return YamlValue(std::move(items));
    }
    case QJsonValue::Object: {
        YamlValue::Mapping members;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            members.emplace_back(it.key(), yamlFromJson(it.value()));
        return YamlValue(std::move(members));
    }
    default:
        return {};
    }
}

Result<QByteArray> writeYaml(const QJsonValue &value)
{
    YamlValue yaml = yamlFromJson(value);
    sortKeysLikeKubectl(yaml);
    return writeYaml(yaml);
}

} // namespace kubestrap
