#pragma once

#include "api_client.h"
#include "resource_argument.h"

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

// Every resource the server serves in each group's preferred version (/api/v1, then /apis and
// each /apis/<group>/<version>, in that order), subresources left out: what kubectl's REST
// mapper resolves a TYPE argument against. A group whose list fails (an aggregated API that is
// down) is left out, as kubectl leaves it; only a failing /api/v1 or /apis fails the read.
void readServedResources(ApiClient &client,
                         std::function<void(const Result<std::vector<ServedResource>> &)> done);

} // namespace kubestrap
