#pragma once

#include "credential_issuer.h"

#include <QStringList>

#include <chrono>

namespace kubestrap {

// What the holder of a client certificate Kubestrap mints should know, in one place for the
// command-line tool and the wizard. Kubernetes cannot revoke a certificate: it is good until it
// expires, whatever happens to its user. And the API server lets members of system:masters do
// anything before RBAC is even asked, so no binding can be removed to stop them.

// A certificate asked for without a lifetime gets this one, not the signer's (up to a year).
constexpr std::chrono::hours kDefaultCertificateLifetime{24};

// The groups in `groups` that bypass RBAC.
QStringList groupsThatBypassRbac(const QStringList &groups);

// Why a certificate naming `privileged` (from groupsThatBypassRbac) is dangerous.
QString privilegedGroupsWarning(const QStringList &privileged);

// Gives a client-certificate request without a lifetime the default one; true when it did.
bool applyDefaultLifetime(CredentialRequest &request);

// How long the certificate will last and what that means, for a client-certificate request
// after applyDefaultLifetime (`defaulted`: it applied).
QString lifetimeNote(const CredentialRequest &request, bool defaulted);

} // namespace kubestrap
