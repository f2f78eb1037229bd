// Fuzz target for the kubeconfig loader: any bytes must either load or be refused with an error,
// never crash or hang, and whatever loads must survive a round trip through our own YAML writer
// unchanged (what we write, we and kubectl must read back as the same config).

#include "json_writer.h"
#include "kubeconfig_decoder.h"
#include "kubeconfig_view.h"
#include "yaml_reader.h"
#include "yaml_writer.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

QByteArray printed(const kubestrap::Kubeconfig &config)
{
    return kubestrap::writeJson(kubestrap::kubeconfigToValue(config), 0);
}

[[noreturn]] void broken(const char *what, const QByteArray &detail)
{
    std::fprintf(stderr, "round trip broke: %s\n%s\n", what, detail.constData());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kubestrap;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    auto document = readYaml(bytes);
    if (!document)
        return 0;
    auto config = decodeKubeconfig(document->root, QStringLiteral("fuzz"));
    if (!config)
        return 0;

    Kubeconfig minified = *config;
    (void)minifyKubeconfig(minified);
    Kubeconfig redacted = *config;
    redactKubeconfig(redacted);
    const QByteArray json = printed(redacted);

    // The file as an edit would write it must read back as the same config.
    const auto written = writeYaml(document->root);
    if (!written)
        broken("writeYaml refused a loaded document", written.error().message.toUtf8());
    const auto reread = readYaml(*written);
    if (!reread)
        broken("our YAML did not read back", *written + "\n" + reread.error().message.toUtf8());
    auto again = decodeKubeconfig(reread->root, QStringLiteral("fuzz"));
    if (!again)
        broken("our YAML did not decode", *written + "\n" + again.error().message.toUtf8());
    redactKubeconfig(*again);
    if (printed(*again) != json)
        broken("our YAML read back differently", *written);
    return 0;
}
