#pragma once

#include "kubeconfig_loader.h"

#include <QDateTime>
#include <QFileDevice>

#include <functional>
#include <optional>
#include <vector>

// What is wrong or unsafe in the kubeconfig files kubectl would read, each finding with the file,
// the entry and what to do: references to entries that are not there, entries an earlier file
// shadows, TLS checks turned off, basic-auth passwords, secrets and key files others may read,
// exec plugins that are not installed, expired credentials, and one server under two names.
// The same findings feed `kubestrap-cli kubeconfig lint` and the window's view.
namespace kubestrap::lint {

enum class Severity { Error, Warning };

// A fix the window may apply for the user (after asking): none, `chmod 600 file`, or deleting a
// context that names nothing usable.
enum class Remedy { None, RestrictPermissions, DeleteContext };

struct Finding {
    Severity severity = Severity::Warning;
    QString check;   // stable, for scripts: "dangling-reference", "shadowed", …
    QString file;    // the kubeconfig (or key file) it is about
    QString entry;   // "contexts[ci]", "users[alice]", "clusters[prod]"; empty for a whole file
    QString problem; // what is wrong, in words
    QString fix;     // what to do
    Remedy remedy = Remedy::None;
};

// What the checks look at beyond the files' contents, injected so that tests fix it.
struct Environment {
    QDateTime now;
    // A file's permissions; nothing when it cannot be read.
    std::function<std::optional<QFileDevice::Permissions>(const QString &path)> permissions;
    // Whether an exec plugin's command (a name looked up on PATH, or a path) can be run.
    std::function<bool(const QString &command)> runnable;
};

// The real clock, file system and PATH.
Environment systemEnvironment();

// Every finding, errors first, then by file and entry.
std::vector<Finding> lint(const LoadedKubeconfig &loaded, const Environment &environment);

bool hasErrors(const std::vector<Finding> &findings);

// "error", "warning": the JSON output's words.
QString severityName(Severity severity);

} // namespace kubestrap::lint
