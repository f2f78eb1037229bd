#pragma once

#include <algorithm>

#include "activity_log.h"
#include "credential_issuer.h"
#include "kubeconfig_export.h"
#include "kubectl_command.h"

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
    ActivityLog *activity = nullptr; // the window's, where changes to the cluster are listed

    // Whether an issuer, current or given up on, is still making or deleting something.
    bool busy() const
    {
        return (issuer && issuer->busy())
               || std::any_of(retiredIssuers.begin(), retiredIssuers.end(),
                              [](const auto &retired) { return retired->busy(); });
    }

    // Lists what the issuer did on the cluster, with its kubectl commands, once it ended.
    void logIssue(bool ok, const QString &result) const
    {
        if (activity && issuer && !issuer->kubectlCommands().isEmpty())
            activity->finish(activity->record(QObject::tr("new credential for a kubeconfig export"),
                                              issuer->kubectlCommands()),
                             ok, result);
    }

    static QString deleteCommands(const QStringList &references)
    {
        QStringList commands;
        for (const QString &reference : references)
            commands << kubectl::remove(reference);
        return commands.join(QLatin1Char('\n'));
    }

    // Deletes what the issuer made for a file that will not be saved, and lists that too. A run
    // still going undoes itself when it sees the cancel.
    void giveBack()
    {
        if (!issuer)
            return;
        issuer->cancel();
        const QStringList made = issuer->created();
        if (issuer->running() || made.isEmpty())
            return;
        const int entry =
            activity ? activity->record(QObject::tr("give back an unsaved export's credential"),
                                        deleteCommands(made))
                     : -1;
        issuer->undo([log = activity, entry](const QString &left) {
            if (log)
                log->finish(entry, left.isEmpty(), left);
        });
    }
};

} // namespace kubestrap
