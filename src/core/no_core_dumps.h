#pragma once

namespace kubestrap {

// Keeps this process's memory out of core dumps, as password managers do: Kubestrap holds
// tokens, private keys and kubeconfigs in memory, and a crash must not write them to disk
// (systemd-coredump, apport, a core file in the working folder). It also stops other processes of
// the same user from attaching a debugger or reading /proc/<pid>/mem. KUBESTRAP_ALLOW_CORE_DUMPS=1
// keeps them, for debugging a crash. Returns whether dumps are now off.
bool disableCoreDumps();

} // namespace kubestrap
