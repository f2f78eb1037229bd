#pragma once

#include "api_handler.h"

#include <atomic>
#include <thread>

namespace kubestrap::sandbox {

// The kube-controller-manager loops the bootstrap procedure relies on, run every second on their
// own thread: so far TokenCleaner, which deletes bootstrap-token Secrets once they expire.
class Controllers {
public:
    Controllers(ApiHandler &api, ObjectStore &store) : api(api), store(store) {}
    ~Controllers() { stop(); }

    void start();
    void stop();

    // One pass of every controller; what the thread runs, callable directly from tests.
    void runOnce();

private:
    void cleanTokens();

    ApiHandler &api;
    ObjectStore &store;
    std::thread worker;
    std::atomic<bool> stopping{false};
};

} // namespace kubestrap::sandbox
