#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// The kubectl commands that do what Kubestrap did, for the activity log, the bootstrap script and
// the export wizard's record: one writer, so that every command is quoted for the shell the same
// way and names objects as kubectl does.
namespace kubestrap::kubectl {

// A word for the shell, quoted only when it needs to be.
QString shellWord(const QString &word);

// An object as kubectl names it in a command: "secret/ci-token -n build", "clusterrole/view".
QString reference(const QString &kind, const QString &name, const QString &namespaceName = {});

// `kubectl create` for `object`, in kubectl's own words where it has them (secret generic,
// configmap from a file, a role with one rule, a binding, a service account), else the object's
// YAML on standard input.
QString create(const QJsonObject &object);

// `kubectl create configmap name -n namespace` with its --from-literal, --from-file and
// --from-env-file flags as typed.
QString createConfigMap(const QString &name, const QString &namespaceName,
                        const QStringList &fromFlags);

// `kubectl <verb> -f -` with the object's YAML on standard input: verb is create or replace.
QString withManifest(const QString &verb, const QJsonObject &object);

// `kubectl delete` of an object named by reference().
QString remove(const QString &objectReference);
// `kubectl delete kind name -n namespace`.
QString remove(const QString &kind, const QString &name, const QString &namespaceName = {});

// `kubectl certificate approve|deny`.
QString decideCertificate(bool approve, const QString &requestName);

// `kubectl create token`, with --duration when `seconds` is not 0.
QString createToken(const QString &serviceAccount, const QString &namespaceName, qint64 seconds);

// `kubectl patch --type=merge` of an object named by reference().
QString mergePatch(const QString &objectReference, const QJsonObject &patch);

} // namespace kubestrap::kubectl
