#pragma once

#include "error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <vector>

namespace kubestrap {

// One object as a store keeps it: its key ("namespace/name"), its resourceVersion, the compact
// JSON it is stored as, and the decoded object the models read once when it arrives. Server-side
// bookkeeping no view shows (metadata.managedFields) is left out of both.
struct DecodedObject {
    QString key;
    QString resourceVersion;
    QByteArray json;
    QJsonObject object;
};

// What a store keeps of each object instead of the whole, where a view lists far less than the
// objects hold (a ConfigMap's keys and sizes, not its values): applied as each object is decoded,
// on whichever thread decodes it, so it must be a pure function.
using Digest = QJsonObject (*)(QJsonObject object);

// The digest that keeps only an object's metadata (name, labels, annotations, owners), for views
// that need no more, such as which nodes exist. The server is asked for metadata only
// (`as=PartialObjectMetadataList`, as client-go's metadata informers ask), so the rest of each
// object never crosses the wire; a server that cannot answer so sends whole objects, and this
// digest cuts them down the same.
QJsonObject metadataOnly(QJsonObject object);

// The Accept header for reading objects kept as `digest`: in a list (`list`), or one at a time as
// a get or a watch's events.
QByteArray acceptHeaderFor(Digest digest, bool list);

// One page of a list answer.
struct DecodedList {
    std::vector<DecodedObject> items;
    QString resourceVersion;
    QString continueToken;
};

// Decodes a list answer ({"metadata":{…},"items":[…]}) with simdjson, then each item on its own
// with QJsonDocument for the models: 1.5–2 times faster per 500-item page than QJsonDocument over
// the whole page (tests/bench/bench_decode_list). Runs on any thread.
// With a digest, each item is kept as its digest.
Result<DecodedList> decodeList(const QByteArray &body, Digest digest = nullptr);

// The same stored form for one object that arrived on its own (a watch event, a create's answer).
DecodedObject decodeObject(QJsonObject object, Digest digest = nullptr);

// "namespace/name", the key of a store's index.
QString objectKey(const QJsonObject &object);

} // namespace kubestrap
