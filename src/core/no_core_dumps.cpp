#include "no_core_dumps.h"

#include <QtGlobal>

#include <sys/prctl.h>
#include <sys/resource.h>

namespace kubestrap {

bool disableCoreDumps()
{
    if (qEnvironmentVariableIntValue("KUBESTRAP_ALLOW_CORE_DUMPS") == 1)
        return false;
    const rlimit none{0, 0};
    const bool limited = ::setrlimit(RLIMIT_CORE, &none) == 0;
    // Not dumpable: no core even where a pipe handler ignores the limit (systemd-coredump).
    const bool undumpable = ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
    return limited && undumpable;
}

} // namespace kubestrap
