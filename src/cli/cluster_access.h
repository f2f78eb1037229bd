#pragma once

#include "api_client.h"
#include "command.h"
#include "kubeconfig_loader.h"

#include <QEventLoop>

#include <memory>
#include <optional>

namespace kubestrap::cli {

// What a cluster command works with: the merged kubeconfig, the chosen context and a client for
// it. The client lends the terminal to an exec plugin when standard input is one, as kubectl does.
struct CommandConnection {
    LoadedKubeconfig loaded;
    QString context;
    std::unique_ptr<ApiClient> client;
};

// Loads the kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config), picks the context (--context or
// the current one) and connects; prints the error and returns nothing when it cannot.
std::optional<CommandConnection> connectForCommand(Io &io);

// Runs an asynchronous operation to its end and returns its answer: `start` begins it and is
// handed the callback to answer through (which may be called at once, before any waiting).
template <typename T>
T awaitAnswer(const std::function<void(std::function<void(const T &)>)> &start)
{
    std::optional<T> answer;
    QEventLoop loop;
    start([&](const T &value) {
        answer = value;
        loop.quit();
    });
    if (!answer)
        loop.exec();
    return *answer;
}

} // namespace kubestrap::cli
