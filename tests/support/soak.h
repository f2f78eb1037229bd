#pragma once

#include <QString>

#include <vector>

namespace kubestrap::test {

class TestCluster;

// One line of a soak's report: a kind of fault, how often it was injected, and what the store
// looked like each time it had recovered, compared object by object with the server's own list.
struct SoakRow {
    QString fault;
    int injected = 0;
    int compared = 0;   // objects compared, summed over the injections
    int lost = 0;       // on the server, not in the store (or not told to its listener)
    int duplicated = 0; // announced as added while already held
    int stale = 0;      // held at another version than the server's, or held after deletion
    qint64 worstRecoveryMs = -1; // from the fault to the store holding a write made after it
    QString note;
};

struct SoakReport {
    std::vector<SoakRow> rows;
    QString error; // why the soak could not run to the end; empty when it did
    int writes = 0;

    bool clean() const;
    // The report as a Markdown table.
    QString table() const;
};

// Runs a ResourceStore through a FaultProxy in front of `cluster` for `rounds` rounds, each
// firing every kind of fault once, while a writer creates, updates and deletes ConfigMaps in a
// namespace of its own. The store's credential comes from an exec plugin whose tokens last 5 s,
// and which hangs once a round. The sandbox is also restarted once a round (a real cluster's
// server is not ours to restart).
SoakReport runSoak(TestCluster &cluster, int rounds);

} // namespace kubestrap::test
