#pragma once

#include "error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace kubestrap::sandbox {

// The sandbox's certificates: its own CA, the serving certificate for 127.0.0.1 and localhost,
// and what it issues to clients. Kept in the state folder when there is one, so kubeconfigs
// written earlier keep working after a restart.
struct SandboxPki {
    QByteArray caCertificate;
    QByteArray caKey;
    QByteArray serverCertificate;
    QByteArray serverKey;
    QByteArray serviceAccountKey; // RSA: signs the service-account tokens TokenRequest issues

    // Made fresh, or read from `stateDir` (and written there the first time) when it is set.
    static Result<SandboxPki> loadOrCreate(const QString &stateDir);

    // A client certificate and key (PEM) for `user` in `groups`, valid for a year.
    Result<std::pair<QByteArray, QByteArray>> issueClient(const QString &user,
                                                          const QStringList &groups) const;
};

} // namespace kubestrap::sandbox
