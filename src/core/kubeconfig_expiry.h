#pragma once

#include "kubeconfig.h"

#include <QDateTime>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

// What in a kubeconfig expires, and when: every context's client certificate, each certificate
// of its cluster's CA bundle, and its tokens that carry an expiry (JWTs and OIDC id-tokens). The
// same rows feed `kubestrap-cli kubeconfig expiry` and the window's view. No clock is read here:
// how soon is judged against the `now` a caller passes.
namespace kubestrap::expiry {

enum class Kind {
    ClientCertificate,
    CertificateAuthority,
    Token,
    IdToken,
    ServingCertificate,
    BootstrapToken,
};

// The JSON output's word for a kind: "client-certificate", "certificate-authority", …
QString kindName(Kind kind);

struct Row {
    QString context;
    QString cluster;
    QString user;
    Kind kind = Kind::ClientCertificate;
    QString subject;    // a certificate's subject ("CN=alice,O=devs") or a token's subject
    QDateTime notAfter; // UTC, to the second
    QString source; // the file it was read from, or "users[alice].client-certificate-data in FILE"
};

// Reads a file a kubeconfig names (already resolved against the kubeconfig's folder); nothing
// when it cannot be read. Injected so that the rows can be computed from a fixture.
using ReadFile = std::function<std::optional<QByteArray>(const QString &path)>;
std::optional<QByteArray> readFromDisk(const QString &path);

// Every row of every context, soonest first (then by context and kind). A context whose cluster
// or user is not defined gives the rows of the part that is.
std::vector<Row> rowsOf(const Kubeconfig &config, const ReadFile &read = readFromDisk);

// Soonest first, then by context and kind.
void sortBySoonest(std::vector<Row> &rows);

// When a JWT says it expires (its `exp`), and whom it is for (`sub`, else `email`); nothing for
// a token that is not a JWT or carries no expiry.
struct TokenClaims {
    QDateTime expires;
    QString subject;
};
std::optional<TokenClaims> jwtClaims(const QString &token);

// How soon, as the window colours it.
enum class Urgency { Expired, WithinAWeek, WithinAMonth, Later };
Urgency urgencyOf(const QDateTime &notAfter, const QDateTime &now);

// "in 6d", "expired 2d ago": how long is left, in kubeadm's short durations.
QString timeLeft(const QDateTime &notAfter, const QDateTime &now);

// "2026-12-04T19:00:00Z": RFC 3339 in UTC, to the second, whatever the local time zone.
QString rfc3339(const QDateTime &instant);

} // namespace kubestrap::expiry
