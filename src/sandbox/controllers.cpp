#include "controllers.h"

#include "bootstrap_token.h"

#include <QDateTime>

namespace kubestrap::sandbox {

void Controllers::start()
{
    worker = std::thread([this] {
        while (!stopping) {
            runOnce();
            store.waitForChange(store.resourceVersion(), std::chrono::seconds(1));
        }
    });
}

void Controllers::stop()
{
    stopping = true;
    if (worker.joinable())
        worker.join();
}

void Controllers::runOnce()
{
    cleanTokens();
}

void Controllers::cleanTokens()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QJsonObject &secret :
         store.list(QStringLiteral("v1/secrets"), QLatin1String(BootstrapToken::kNamespace))) {
        if (secret.value(QStringLiteral("type")).toString()
            != QLatin1String(BootstrapToken::kSecretType))
            continue;
        const auto token = BootstrapToken::fromSecret(secret);
        // A token whose expiration cannot be read is as dead to the cleaner as to the
        // authenticator.
        if (token && !token->expired(now))
            continue;
        ApiRequest remove;
        remove.method = "DELETE";
        remove.path = QStringLiteral("/api/v1/namespaces/kube-system/secrets/")
                      + secret.value(QStringLiteral("metadata"))
                            .toObject()
                            .value(QStringLiteral("name"))
                            .toString();
        remove.identity = {QStringLiteral("system:serviceaccount:kube-system:token-cleaner"),
                           {},
                           {QStringLiteral("system:masters")}};
        api.handle(remove);
    }
}

} // namespace kubestrap::sandbox
