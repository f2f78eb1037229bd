// Fuzz target for the list and watch decoder (what every API answer goes through): any bytes are
// decoded or refused, never crash; every object decoded keeps a key and JSON that decode again to
// the same object, as the store relies on.

#include "list_decoder.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void broken(const char *what, const QByteArray &detail)
{
    std::fprintf(stderr, "decoder broke: %s\n%s\n", what, detail.constData());
    std::abort();
}

void checkObject(const kubestrap::DecodedObject &decoded)
{
    const QJsonObject again = QJsonDocument::fromJson(decoded.json).object();
    if (!decoded.json.isEmpty() && again.isEmpty() && decoded.json != "{}")
        broken("an object's compact JSON does not parse", decoded.json);
    if (kubestrap::decodeObject(again).key != decoded.key)
        broken("an object's key changed when decoded again", decoded.json);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (auto list = kubestrap::decodeList(bytes)) {
        for (const kubestrap::DecodedObject &item : list->items)
            checkObject(item);
    }
    // The same bytes as a watch stream: one event per line, its object decoded on its own.
    for (const QByteArray &line : bytes.split('\n')) {
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        if (!event.isEmpty())
            checkObject(kubestrap::decodeObject(event.value(QStringLiteral("object")).toObject()));
    }
    return 0;
}
