#include "list_decoder.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <simdjson.h>

#include <string>
#include <string_view>

namespace kubestrap {

namespace {

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// Appends `text` as a JSON string literal.
void appendString(std::string &out, std::string_view text)
{
    out += '"';
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[(c >> 4) & 0xf];
            out += hex[c & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

void appendField(std::string &out, std::string_view key, std::string_view json)
{
    if (out.size() > 1)
        out += ',';
    appendString(out, key);
    out += ':';
    out += json;
}

std::string_view stringAt(simdjson::dom::object object, std::string_view key)
{
    std::string_view text;
    return object[key].get(text) == simdjson::SUCCESS ? text : std::string_view();
}

// One item in its stored form: every field but metadata.managedFields, which no view shows and
// which is often half of what a real API server sends.
DecodedObject decodeItem(simdjson::dom::object item, Digest digest)
{
    std::string out = "{";
    simdjson::dom::object metadata;
    std::string_view ns, name, version; // from metadata, when the item has it
    for (const auto field : item) {
        if (field.key != "metadata" || field.value.get(metadata) != simdjson::SUCCESS) {
            appendField(out, field.key, simdjson::to_string(field.value));
            continue;
        }
        std::string trimmed = "{";
        for (const auto entry : metadata) {
            if (entry.key != "managedFields")
                appendField(trimmed, entry.key, simdjson::to_string(entry.value));
            // A key given twice counts as its last, as Go's encoding/json and QJsonDocument
            // read it: the cache's key must name the object the views decode.
            std::string_view text;
            if (entry.value.get(text) != simdjson::SUCCESS)
                text = {};
            if (entry.key == "namespace")
                ns = text;
            else if (entry.key == "name")
                name = text;
            else if (entry.key == "resourceVersion")
                version = text;
        }
        appendField(out, field.key, trimmed + '}');
    }
    out += '}';
    DecodedObject decoded;
    decoded.key = toQString(ns) + QLatin1Char('/') + toQString(name);
    decoded.resourceVersion = toQString(version);
    decoded.json = QByteArray(out.data(), qsizetype(out.size()));
    decoded.object = QJsonDocument::fromJson(decoded.json).object();
    if (digest) {
        decoded.object = digest(std::move(decoded.object));
        decoded.json = QJsonDocument(decoded.object).toJson(QJsonDocument::Compact);
    }
    return decoded;
}

} // namespace

QJsonObject metadataOnly(QJsonObject object)
{
    // The kind stays as sent: PartialObjectMetadata when the server did the cutting.
    QJsonObject kept{{QStringLiteral("metadata"), object.value(QStringLiteral("metadata"))}};
    for (const QString &field : {QStringLiteral("kind"), QStringLiteral("apiVersion")}) {
        if (object.contains(field))
            kept.insert(field, object.value(field));
    }
    return kept;
}

QByteArray acceptHeaderFor(Digest digest, bool list)
{
    if (digest != &metadataOnly)
        return "application/json";
    // Plain JSON last: what a server without the transform answers instead of 406.
    return list
               ? "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
               : "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";
}

QString objectKey(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    return metadata.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
           + metadata.value(QStringLiteral("name")).toString();
}

DecodedObject decodeObject(QJsonObject object, Digest digest)
{
    QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    if (metadata.contains(QStringLiteral("managedFields"))) {
        metadata.remove(QStringLiteral("managedFields"));
        object.insert(QStringLiteral("metadata"), metadata);
    }
    DecodedObject decoded;
    decoded.key = objectKey(object);
    decoded.resourceVersion = metadata.value(QStringLiteral("resourceVersion")).toString();
    if (digest)
        object = digest(std::move(object));
    decoded.json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    decoded.object = std::move(object);
    return decoded;
}

Result<DecodedList> decodeList(const QByteArray &body, Digest digest)
{
    // The DOM parser picks the fastest SIMD code this processor has at run time (the On-Demand
    // API would be fixed at the build's baseline instruction set).
    simdjson::dom::parser parser;
    simdjson::dom::object top;
    const auto error = parser.parse(body.constData(), size_t(body.size())).get(top);
    if (error != simdjson::SUCCESS)
        return fail(QCoreApplication::translate("kubestrap",
                                                "the server sent a list that is not valid JSON: %1")
                        .arg(QString::fromUtf8(simdjson::error_message(error))));
    DecodedList list;
    simdjson::dom::object metadata;
    if (top["metadata"].get(metadata) == simdjson::SUCCESS) {
        list.resourceVersion = toQString(stringAt(metadata, "resourceVersion"));
        list.continueToken = toQString(stringAt(metadata, "continue"));
    }
    simdjson::dom::array items;
    if (top["items"].get(items) == simdjson::SUCCESS) {
        list.items.reserve(items.size());
        for (const auto item : items) {
            simdjson::dom::object object;
            if (item.get(object) == simdjson::SUCCESS)
                list.items.push_back(decodeItem(object, digest));
        }
    }
    return list;
}

} // namespace kubestrap
