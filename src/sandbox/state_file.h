#pragma once

#include "error.h"
#include "object_store.h"

#include <atomic>
#include <thread>

namespace kubestrap::sandbox {

// Keeps the store in `<state>/objects.json` for --state: read once at start, written (atomically,
// 0600) a moment after every burst of changes and once more at stop.
class StateFile {
public:
    StateFile(ObjectStore &store, QString path) : store(store), path(std::move(path)) {}
    ~StateFile() { stop(); }

    // Fills the store from the file; false when there is none yet (a new cluster).
    Result<bool> load();
    void start();
    void stop();

private:
    Result<void> save();

    ObjectStore &store;
    QString path;
    std::thread worker;
    std::atomic<bool> stopping{false};
    qint64 saved = -1;
};

} // namespace kubestrap::sandbox
