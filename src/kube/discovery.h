#pragma once

#include "api_client.h"

namespace kubestrap {

// What Kubestrap needs of an API server, and what it serves.
struct ServerApis {
    QString gitVersion; // "v1.30.2"
    // Each API Kubestrap uses ("rbac.authorization.k8s.io/v1") that the server does not serve,
    // with what cannot work without it.
    QList<QPair<QString, QString>> missing;
};

// The group versions Kubestrap uses, each with what depends on it, in the user's words.
const QList<QPair<QString, QString>> &neededApis();

// Reads /version, /api and /apis (discovery) and compares them with neededApis().
void discoverServerApis(ApiClient &client, std::function<void(const Result<ServerApis> &)> done);

} // namespace kubestrap
