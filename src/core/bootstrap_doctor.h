#pragma once

#include "bootstrap_plan.h"
#include "rbac.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>
#include <vector>

namespace kubestrap {

// What a cluster holds of the bootstrap procedure, read with the admin's credential.
struct BootstrapSnapshot {
    std::vector<QJsonObject> tokenSecrets;
    std::optional<QJsonObject> clusterInfo; // none: there is no cluster-info
    std::vector<QJsonObject> roles, clusterRoles, roleBindings, clusterRoleBindings;
    // Whether the API server's presented certificate chains to cluster-info's CA (none: unknown).
    std::optional<bool> caMatchesServer;
};

// What the API server said when the token itself was tried.
struct TokenProbe {
    QString tokenId;
    bool authenticated = false;
    QString user;                          // as the server named it
    std::optional<bool> mayCreateNodeCsr;  // SelfSubjectAccessReview as the token user
    std::optional<QString> dryRunCsrError; // empty string: the dry-run CSR was accepted
    QString error;                         // why it could not be tried, when it could not
};

// The doctor's verdict on one thing.
struct DoctorCheck {
    enum class State { Ok, Missing, Differs, Warning };
    std::optional<BootstrapPart> part; // the part that repairs it, when one does
    State state;
    QString title;  // what was checked, in a few words
    QString detail; // what was found: the difference, the reason, what it implies
};

struct DoctorOptions {
    QStringList groups;     // the bootstrap groups expected to be bound
    QString expectedServer; // when set, cluster-info must name this server
    QByteArray expectedCa;  // when set, cluster-info must hold this CA
    QDateTime now;
    qint64 expiringWithin = 3600; // seconds: a token expiring sooner is warned about
};

// Judges the procedure by effect: RBAC by evaluating the cluster's own roles and bindings, so a
// cluster set up by hand under other names is still healthy; tokens and signatures by what the
// API server and a joining node would accept. The probe, when given, adds what only the server
// can say.
std::vector<DoctorCheck> diagnose(const BootstrapSnapshot &snapshot, const DoctorOptions &options,
                                  const std::optional<TokenProbe> &probe = std::nullopt);

// Whether every check that a part can repair passes (warnings do not count).
bool healthy(const std::vector<DoctorCheck> &checks);

} // namespace kubestrap
