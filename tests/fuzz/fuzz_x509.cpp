// Fuzz target for certificate and certificate-request parsing: CAs from kubeconfigs and
// cluster-info, certificates the TLS peer presents, CSRs anyone may create. Any bytes are read or
// refused, never crash; a certificate that is read gives the same facts as DER and as PEM.

#include "x509.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kubestrap;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)x509::inspectRequest(bytes);
    (void)x509::publicKeyPin(bytes);
    (void)x509::issuedBy(bytes, bytes);
    (void)x509::chainLeadsTo({bytes}, bytes);
    for (const QByteArray &pem : x509::certificatesIn(bytes))
        (void)x509::inspect(pem);
    const QByteArray pem = x509::toPem(bytes); // the bytes as DER
    if (pem.isEmpty())
        return 0;
    const auto fromDer = x509::inspect(bytes);
    const auto fromPem = x509::inspect(pem);
    if (bool(fromDer) != bool(fromPem)
        || (fromDer
            && (fromDer->commonName != fromPem->commonName
                || fromDer->notAfter != fromPem->notAfter))) {
        std::fprintf(stderr, "a certificate read differently as DER and as PEM\n");
        std::abort();
    }
    return 0;
}
