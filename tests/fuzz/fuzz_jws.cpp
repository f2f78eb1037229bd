// Fuzz target for cluster-info's detached JWS verification, which reads what anyone who can write
// kube-public could put there. Input: the signature on the first line, the signed content after.
// Any signature is accepted or refused, never crash; the one BootstrapSigner would write for the
// content always verifies, and it verifies for no other token secret.

#include "jws.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace kubestrap;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = bytes.indexOf('\n');
    const QString signature = QString::fromUtf8(bytes.left(newline < 0 ? bytes.size() : newline));
    const QByteArray content = newline < 0 ? QByteArray() : bytes.mid(newline + 1);
    const QString id = QStringLiteral("abcdef");
    const QString secret = QStringLiteral("0123456789abcdef");
    (void)jws::verifyDetached(content, signature, id, secret);
    const QString genuine = jws::detachedSignature(content, id, secret);
    if (!jws::verifyDetached(content, genuine, id, secret)) {
        std::fprintf(stderr, "a genuine signature did not verify\n");
        std::abort();
    }
    if (jws::verifyDetached(content, genuine, id, QStringLiteral("0123456789abcdeX"))) {
        std::fprintf(stderr, "a signature verified with another secret\n");
        std::abort();
    }
    return 0;
}
