#pragma once

#include "api_client.h"
#include "bootstrap_doctor.h"

namespace kubestrap {

// Reads everything the doctor judges (token Secrets, cluster-info, every Role, ClusterRole and
// binding, the server's certificate chain) with `client`'s credential, in parallel.
void readBootstrapSnapshot(ApiClient &client,
                           std::function<void(const Result<BootstrapSnapshot> &)> done);

// The API server address nodes join through: kubeadm-config's controlPlaneEndpoint when the
// cluster has one, else the server of `client`'s context. A ConfigMap that is missing or that
// the user may not read leaves the context's server.
void readJoinServer(ApiClient &client, std::function<void(const QUrl &)> done);

// Tries `token` on the API server as a joining node would use it: who it authenticates as
// (SelfSubjectReview), whether it may create CSRs (SelfSubjectAccessReview) and whether a node's
// CSR sent with it is accepted (a dry-run create, nothing stored).
void probeToken(const ApiClient &admin, const BootstrapToken &token,
                std::function<void(const TokenProbe &)> done);

// The first valid token that can join (authentication usage, not expired), read from the
// snapshot's Secrets: the one the doctor tries when none is given.
std::optional<BootstrapToken> joiningToken(const BootstrapSnapshot &snapshot, const QDateTime &now);

// What apply does for a cluster: the plan of the parts (of `options.parts`) the doctor finds
// missing or wrong, and the token to hand out afterwards. A valid token that can join and sign is
// kept unless `tokenGiven`; otherwise `options.token` is created.
struct RepairPlan {
    std::vector<PlannedObject> objects;
    std::optional<BootstrapToken> token; // none when no part needs one and none can join
};
Result<RepairPlan> planRepair(const BootstrapSnapshot &snapshot, const DoctorOptions &doctor,
                              BootstrapOptions options, bool tokenGiven);

// Reads the cluster, tries `given` (or the joining token) on the server, and diagnoses: the whole
// doctor, as the CLI and the Overview run it.
struct DoctorReport {
    BootstrapSnapshot snapshot;
    std::vector<DoctorCheck> checks;
};
void runBootstrapDoctor(ApiClient &client, const DoctorOptions &options,
                        const std::optional<BootstrapToken> &given,
                        std::function<void(const Result<DoctorReport> &)> done);

} // namespace kubestrap
