// Fuzz target for what an exec credential plugin prints: any output is a credential or a reason
// not to use it, never a crash; a credential always holds a token or a certificate and its key.

#include "exec_credential.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kubestrap;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const char *version :
         {"client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"}) {
        const auto credential = ExecCredentialProvider::decode(bytes, QLatin1String(version));
        if (credential && credential->token.isEmpty()
            && (credential->clientCertificatePem.isEmpty() || credential->clientKeyPem.isEmpty())) {
            std::fprintf(stderr, "a credential with nothing to authenticate with\n");
            std::abort();
        }
    }
    return 0;
}
