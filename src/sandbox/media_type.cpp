#include "media_type.h"

#include <QList>

#include <map>

namespace kubestrap::sandbox {

namespace {

struct MediaRange {
    QByteArray type;
    std::map<QByteArray, QByteArray> parameters;
};

MediaRange parseRange(const QByteArray &text)
{
    const QList<QByteArray> parts = text.split(';');
    MediaRange range{parts.first().trimmed().toLower(), {}};
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const qsizetype equals = parts[i].indexOf('=');
        if (equals > 0)
            range.parameters[parts[i].left(equals).trimmed()] = parts[i].mid(equals + 1).trimmed();
    }
    return range;
}

std::optional<Shape> shapeOf(const MediaRange &range)
{
    if (range.type != "application/json" && range.type != "application/*" && range.type != "*/*")
        return std::nullopt; // YAML, protobuf and CBOR answers are not served here
    const auto parameter = [&](const char *name) {
        const auto it = range.parameters.find(name);
        return it == range.parameters.end() ? QByteArray() : it->second;
    };
    const QByteArray as = parameter("as");
    if (as.isEmpty())
        return Shape::Objects;
    // A transform names its group and version; kube-apiserver serves meta.k8s.io's v1, and
    // v1beta1 for tables as older kubectl asks.
    const QByteArray version = parameter("v");
    if (parameter("g") != "meta.k8s.io")
        return std::nullopt;
    if (as == "Table" && (version == "v1" || version == "v1beta1"))
        return Shape::Table;
    if (version != "v1")
        return std::nullopt;
    if (as == "PartialObjectMetadata")
        return Shape::Metadata;
    if (as == "PartialObjectMetadataList")
        return Shape::MetadataList;
    return std::nullopt;
}

} // namespace

std::optional<Shape> negotiateShape(const QByteArray &accept)
{
    bool transformAsked = false;
    for (const QByteArray &text : accept.split(',')) {
        const MediaRange range = parseRange(text);
        if (const auto shape = shapeOf(range))
            return shape;
        transformAsked = transformAsked || range.parameters.count("as");
    }
    // The sandbox speaks only JSON: a client that asked for protobuf or YAML alone gets JSON, as
    // it always has, but a transform nobody can serve is refused as the real server refuses it.
    if (transformAsked)
        return std::nullopt;
    return Shape::Objects;
}

} // namespace kubestrap::sandbox
