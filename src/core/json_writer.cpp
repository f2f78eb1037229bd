#include "json_writer.h"

#include "yaml_scalar.h"

namespace kubestrap {

namespace {

void writeEscape(QByteArray &out, unsigned c)
{
    static const char hex[] = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4)
        out += hex[(c >> shift) & 0xf];
}

void writeString(QByteArray &out, const QString &text)
{
    out += '"';
    const QByteArray bytes = text.toUtf8();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            writeEscape(out, c); // Go escapes HTML's special characters too
        } else if (c == 0xe2 && i + 2 < bytes.size() && uchar(bytes[i + 1]) == 0x80
                   && (uchar(bytes[i + 2]) == 0xa8 || uchar(bytes[i + 2]) == 0xa9)) {
            writeEscape(out, uchar(bytes[i + 2]) == 0xa8 ? 0x2028 : 0x2029);
            i += 2;
        } else {
            out += char(c);
        }
    }
    out += '"';
}

class Writer {
public:
    explicit Writer(int indent) : indent(indent) {}

    void write(const YamlValue &value, int depth)
    {
        switch (value.kind()) {
        case YamlValue::Kind::Null:
            out += "null";
            break;
        case YamlValue::Kind::Bool:
            out += std::get<bool>(value.data) ? "true" : "false";
            break;
        case YamlValue::Kind::Int:
            out += QByteArray::number(std::get<qint64>(value.data));
            break;
        case YamlValue::Kind::UInt:
            out += QByteArray::number(std::get<quint64>(value.data));
            break;
        case YamlValue::Kind::Float:
            out += yaml_scalar::formatJsonFloat(std::get<double>(value.data)).toLatin1();
            break;
        case YamlValue::Kind::String:
            writeString(out, *value.string());
            break;
        case YamlValue::Kind::Sequence:
            writeSequence(*value.sequence(), depth);
            break;
        case YamlValue::Kind::Mapping:
            writeMapping(*value.mapping(), depth);
            break;
        }
    }

    QByteArray out;

private:
    void newline(int depth)
    {
        if (indent == 0)
            return;
        out += '\n';
        out += QByteArray(depth * indent, ' ');
    }

    void writeSequence(const YamlValue::Sequence &items, int depth)
    {
        out += '[';
        for (size_t i = 0; i < items.size(); ++i) {
            if (i > 0)
                out += ',';
            newline(depth + 1);
            write(items[i], depth + 1);
        }
        if (!items.empty())
            newline(depth);
        out += ']';
    }

    void writeMapping(const YamlValue::Mapping &members, int depth)
    {
        out += '{';
        for (size_t i = 0; i < members.size(); ++i) {
            if (i > 0)
                out += ',';
            newline(depth + 1);
            writeString(out, members[i].first);
            out += indent ? ": " : ":";
            write(members[i].second, depth + 1);
        }
        if (!members.empty())
            newline(depth);
        out += '}';
    }

    int indent;
};

} // namespace

QByteArray writeJson(const YamlValue &value, int indent)
{
    Writer writer(indent);
    writer.write(value, 0);
    if (indent > 0)
        writer.out += '\n';
    return writer.out;
}

} // namespace kubestrap
