#pragma once

#include <QString>

namespace kubestrap::test {

// What the kill -9 suite saw: after each kill, whether the kubeconfig loaded in Kubestrap and in
// kubectl, and which whole version it held.
struct KillReport {
    int kills = 0;
    int oldOrNew = 0;         // the file was exactly one of the two versions
    int torn = 0;             // anything else: must stay 0
    int loadedHere = 0;       // loadKubeconfigFile accepted it
    int loadedByKubectl = 0;  // kubectl config view named the version's current-context
    int kubectlRuns = 0;      // 0 without kubectl
    int backupsWhole = 0;     // <file>.bak, when there, was one of the two versions too
    int temporariesSeen = 0;  // kills that left a temporary behind (removed by the next write)
    int temporariesAtEnd = 0; // after a last, clean write: must stay 0
    QString error;

    bool clean() const;
    QString summary() const;
};

// Kills a kubeconfig_writer (`writer`) `kills` times at random moments of its loop over a
// kubeconfig of `contexts` contexts, checking the file after each kill. `kubectl` may be empty.
KillReport runKillSuite(const QString &writer, const QString &kubectl, int kills, int contexts);

} // namespace kubestrap::test
