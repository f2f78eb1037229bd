#pragma once

#include "error.h"
#include "kubeconfig.h"

#include <QByteArray>
#include <QDateTime>

namespace kubestrap {

// The bearer token a legacy `auth-provider` entry gives. Only `oidc` is still served by kubectl;
// its `id-token` is used while it is valid. Kubestrap does not refresh it with the issuer: an
// expired or missing token says how to get a fresh one instead of failing at the server.
Result<QByteArray> authProviderToken(const QString &userName, const AuthProvider &provider,
                                     const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace kubestrap
