#include "user_agent.h"

#include "version.h"

#include <QSysInfo>

namespace kubestrap {

namespace {

// Go's GOARCH names, which is what API server audit logs show for every other client.
QString goArch()
{
    const QString cpu = QSysInfo::currentCpuArchitecture();
    if (cpu == QLatin1String("x86_64"))
        return QStringLiteral("amd64");
    if (cpu == QLatin1String("i386"))
        return QStringLiteral("386");
    return cpu; // arm64, riscv64, ppc64le and s390x are spelled the same in Go and Qt
}

} // namespace

QByteArray userAgent(const QString &program)
{
    return QStringLiteral("%1/v%2 (%3/%4)")
        .arg(program, QLatin1String(kVersion), QSysInfo::kernelType(), goArch())
        .toUtf8();
}

} // namespace kubestrap
