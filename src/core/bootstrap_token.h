#pragma once

#include "error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <chrono>
#include <optional>

namespace kubestrap {

// A bootstrap token, `<id>.<secret>` ([a-z0-9]{6}.[a-z0-9]{16}), and what its Secret says about
// it, with kubeadm's names, defaults and rules. The id is public; the secret is a credential.
struct BootstrapToken {
    QString id;
    QString secret;
    QString description;
    std::optional<QDateTime> expiration; // none: it never expires
    QStringList usages;                  // "authentication", "signing"
    QStringList extraGroups;             // each "system:bootstrappers:…"

    static constexpr const char *kSecretType = "bootstrap.kubernetes.io/token";
    static constexpr const char *kNamespace = "kube-system";
    static constexpr const char *kDefaultGroup = "system:bootstrappers:kubeadm:default-node-token";

    // A new token from OpenSSL's CSPRNG with kubeadm's defaults: both usages, the default node
    // group, expiring `ttl` after `now` (a zero ttl: never).
    static Result<BootstrapToken> generate(const QDateTime &now,
                                           std::chrono::seconds ttl = std::chrono::hours(24));

    // "abcdef.0123456789abcdef" into id and secret, or why it is not a token.
    static Result<BootstrapToken> parse(const QString &token);

    QString token() const { return id + QLatin1Char('.') + secret; }
    QString secretName() const { return QStringLiteral("bootstrap-token-") + id; }

    // The Secret kubeadm would create for this token (data base64-encoded, as the API wants it).
    QJsonObject toSecret() const;
    // The token a Secret holds, checked as kubeadm checks what it reads, or why it is malformed.
    static Result<BootstrapToken> fromSecret(const QJsonObject &secret);

    bool expired(const QDateTime &now) const { return expiration && now >= *expiration; }
};

// Why `group` cannot be an extra group of a bootstrap token (kubeadm's rule), or empty.
QString bootstrapGroupProblem(const QString &group);

// Whether kube-controller-manager's TokenCleaner deletes this bootstrap-token Secret now
// (cluster-bootstrap's GetExpiration): it looks at the expiration only, so a Secret malformed
// otherwise stays, one with no expiration stays, and one whose expiration cannot be read goes.
bool bootstrapSecretExpired(const QJsonObject &secret, const QDateTime &now);

// A token's identity when it authenticates, as kube-apiserver's bootstrap token authenticator
// decides it: nothing unless `presented` matches a bootstrap-token Secret whose
// usage-bootstrap-authentication is exactly "true" and whose expiration parses and lies ahead.
struct BootstrapIdentity {
    QString user;       // system:bootstrap:<id>
    QStringList groups; // system:bootstrappers and the extra groups
};
std::optional<BootstrapIdentity> authenticateBootstrapToken(const QString &presented,
                                                            const QJsonObject &secret,
                                                            const QDateTime &now);

} // namespace kubestrap
