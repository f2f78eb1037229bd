#pragma once

#include "atomic_file.h"
#include "error.h"
#include "yaml_value.h"

#include <QStringList>

#include <functional>

namespace kubestrap {

enum class KubeconfigEntryKind { Cluster, User, Context };

// Changes to one kubeconfig file's document. They touch only what they are about: every other
// field, known or not, stays as it was and where it was.
namespace kubeconfig_edit {

// Renames an entry. A renamed cluster or user is renamed in this file's contexts too, and a
// renamed context in current-context.
Result<void> rename(YamlValue &document, KubeconfigEntryKind kind, const QString &from,
                    const QString &to);

// Removes an entry. What named it (contexts naming a removed cluster or user, a current-context
// naming a removed context) is left dangling, as kubectl leaves it; loading marks it.
Result<void> remove(YamlValue &document, KubeconfigEntryKind kind, const QString &name);

Result<void> setContextNamespace(YamlValue &document, const QString &context,
                                 const QString &namespaceName);
Result<void> setClusterServer(YamlValue &document, const QString &cluster, const QString &server);
void setCurrentContext(YamlValue &document, const QString &context);

// Adds the clusters, users and contexts of `other` that `document` does not name yet, and its
// current-context when `document` has none. Returns the entries left out because their name was
// taken ("cluster 'prod'").
QStringList mergeFrom(YamlValue &document, const YamlValue &other);

} // namespace kubeconfig_edit

// Changes a kubeconfig file safely: takes kubectl's `<file>.lock`, reads the file afresh (an
// empty document when it does not exist yet), applies `edit`, checks that kubectl could still
// read the result, and writes it atomically with a backup of the old file.
Result<FileWriteReport> editKubeconfigFile(const QString &path,
                                           const std::function<Result<void>(YamlValue &)> &edit,
                                           const FileWriteOptions &options = {});

} // namespace kubestrap
