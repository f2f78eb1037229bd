// Fuzz target for the object YAML editor's reader: whatever a user types is read as one API
// object or refused, never crash; an object read is shown again as YAML that reads back to it.

#include "object_yaml.h"

#include <QJsonDocument>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kubestrap;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto object = objectFromYaml(bytes);
    if (!object)
        return 0;
    const QByteArray shown = editableYaml(*object);
    const auto again = objectFromYaml(shown);
    if (!again || editableYaml(*again) != shown) {
        std::fprintf(stderr, "the editor's YAML did not read back:\n%s\n", shown.constData());
        std::abort();
    }
    return 0;
}
