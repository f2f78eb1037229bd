#include "build_info.h"

#include "version.h"

#include <openssl/crypto.h>

namespace kubestrap {

QString buildDescription()
{
    return QStringLiteral("Kubestrap %1 (Qt %2, %3)")
        .arg(QLatin1String(kVersion), QLatin1String(qVersion()),
             QLatin1String(OpenSSL_version(OPENSSL_VERSION)));
}

} // namespace kubestrap
