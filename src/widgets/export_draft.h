#pragma once

#include "credential_issuer.h"
#include "kubeconfig_export.h"

#include <memory>
#include <optional>
#include <vector>

namespace kubestrap {

class KubeconfigStore;

// What the kubeconfig export wizard's pages build together, page by page: the context, the
// credential asked for and the one the cluster gave, and the file it makes.
struct ExportDraft {
    // Clients go first: a client gone takes its unanswered calls with it, so no answer can reach
    // an issuer that is gone.
    ~ExportDraft()
    {
        client.reset();
        retiredClients.clear();
    }

    KubeconfigStore *kubeconfigs = nullptr;
    QString context;
    std::optional<CredentialRequest> credential; // none: keep the context's own
    ExportOptions options;
    std::unique_ptr<CredentialIssuer> issuer;
    std::unique_ptr<ApiClient> client; // to the context's cluster, to ask for a credential
    // Issuers and clients given up on (Back, another context) live on until the wizard ends:
    // they may still be deleting what they made.
    std::vector<std::unique_ptr<CredentialIssuer>> retiredIssuers;
    std::vector<std::unique_ptr<ApiClient>> retiredClients;
    std::optional<IssuedCredential> issued;
    std::optional<ExportedKubeconfig> exported;
    bool saved = false;
};

} // namespace kubestrap
