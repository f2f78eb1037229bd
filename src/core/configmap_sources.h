#pragma once

#include "error.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

// A new ConfigMap's keys from what `kubectl create configmap` takes: literals, files, folders and
// env files, with kubectl's key rules and its error messages word for word, so that a command the
// activity log shows and the dialog that ran it agree on every input.
namespace kubestrap::configmaps {

struct Source {
    enum class Kind {
        Literal, // --from-literal=key=value
        File,    // --from-file=[key=]path, a file or a folder
        EnvFile, // --from-env-file=path
    };
    Kind kind;
    QString argument; // what follows the flag's "=", as typed
};

// The value of an environment variable, for env-file lines that name one without a value.
using Environment = std::function<std::optional<QString>(const QString &name)>;

// This process's environment, as kubectl reads its own.
std::optional<QString> processEnvironment(const QString &name);

// The ConfigMap `namespaceName/name` with the keys `sources` give: text in data, anything that is
// not UTF-8 in binaryData. Files are read first, then literals, then env files, as kubectl does.
Result<QJsonObject> fromSources(const QString &name, const QString &namespaceName,
                                const QList<Source> &sources,
                                const Environment &environment = processEnvironment);

// What is wrong with `key` as a ConfigMap key (kubectl's words); empty when it is valid.
QString keyProblem(const QString &key);

// The flag that gives `source` to kubectl: "--from-file=conf=/etc/app.conf".
QString flag(const Source &source);

} // namespace kubestrap::configmaps
