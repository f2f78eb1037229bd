#include "kubectl_command.h"

#include "object_meta.h"
#include "object_yaml.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace kubestrap::kubectl {

namespace {

QString flag(const QString &name, const QString &value)
{
    return QStringLiteral(" --%1=%2").arg(name, shellWord(value));
}

QString namespaceFlag(const QString &namespaceName)
{
    return namespaceName.isEmpty() ? QString() : QStringLiteral(" -n ") + shellWord(namespaceName);
}

// The flags `kubectl create (cluster)rolebinding` takes for the subjects.
QString subjectFlags(const QJsonObject &binding)
{
    QString flags;
    for (const QJsonValue &value : binding.value(QStringLiteral("subjects")).toArray()) {
        const QJsonObject s = value.toObject();
        const QString kind = s.value(QStringLiteral("kind")).toString();
        const QString name = s.value(QStringLiteral("name")).toString();
        if (kind == QLatin1String("User"))
            flags += flag(QStringLiteral("user"), name);
        else if (kind == QLatin1String("Group"))
            flags += flag(QStringLiteral("group"), name);
        else
            flags +=
                flag(QStringLiteral("serviceaccount"),
                     s.value(QStringLiteral("namespace")).toString() + QLatin1Char(':') + name);
    }
    return flags;
}

// The flags `kubectl create (cluster)role` takes for a single rule.
QString ruleFlags(const QJsonObject &rule)
{
    QString flags;
    for (const QJsonValue &verb : rule.value(QStringLiteral("verbs")).toArray())
        flags += flag(QStringLiteral("verb"), verb.toString());
    for (const QJsonValue &resource : rule.value(QStringLiteral("resources")).toArray())
        flags += flag(QStringLiteral("resource"), resource.toString());
    for (const QJsonValue &name : rule.value(QStringLiteral("resourceNames")).toArray())
        flags += flag(QStringLiteral("resource-name"), name.toString());
    return flags;
}

QString createSecret(const QJsonObject &secret, const QString &name, const QString &ns)
{
    QString command =
        QStringLiteral("kubectl create secret generic %1%2%3")
            .arg(name, ns,
                 flag(QStringLiteral("type"), secret.value(QStringLiteral("type")).toString()));
    const QJsonObject data = secret.value(QStringLiteral("data")).toObject();
    for (auto it = data.begin(); it != data.end(); ++it)
        command += QStringLiteral(" \\\n    ")
                   + flag(QStringLiteral("from-literal"),
                          it.key() + QLatin1Char('=')
                              + QString::fromUtf8(
                                  QByteArray::fromBase64(it.value().toString().toLatin1())))
                         .mid(1);
    return command;
}

// A one-key ConfigMap goes through a file, as `--from-file` keeps a multi-line value intact.
QString createConfigMap(const QString &key, const QString &value, const QString &name,
                        const QString &ns)
{
    return QStringLiteral("file=$(mktemp)\ncat > \"$file\" <<'VALUE'\n%1"
                          "VALUE\nkubectl create configmap %2%3 "
                          "--from-file=%4=\"$file\"\nrm -f \"$file\"")
        .arg(value, name, ns, shellWord(key));
}

} // namespace

QString shellWord(const QString &word)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=,@+-]+$"));
    if (plain.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString reference(const QString &kind, const QString &name, const QString &namespaceName)
{
    return kind.toLower() + QLatin1Char('/') + shellWord(name) + namespaceFlag(namespaceName);
}

QString create(const QJsonObject &object)
{
    const QString kind = object.value(QStringLiteral("kind")).toString();
    const QString name = shellWord(objectName(object));
    const QString ns = namespaceFlag(objectNamespace(object));
    const QJsonObject data = object.value(QStringLiteral("data")).toObject();
    const QJsonArray rules = object.value(QStringLiteral("rules")).toArray();
    if (kind == QLatin1String("Secret") && !object.contains(QStringLiteral("stringData")))
        return createSecret(object, name, ns);
    if (kind == QLatin1String("ConfigMap") && data.size() == 1
        && !object.contains(QStringLiteral("binaryData")))
        return createConfigMap(data.begin().key(), data.begin().value().toString(), name, ns);
    if (kind == QLatin1String("ServiceAccount"))
        return QStringLiteral("kubectl create serviceaccount %1%2").arg(name, ns);
    if ((kind == QLatin1String("Role") || kind == QLatin1String("ClusterRole")) && rules.size() == 1
        && !rules.first().toObject().contains(QStringLiteral("nonResourceURLs"))
        && !object.contains(QStringLiteral("aggregationRule")))
        return QStringLiteral("kubectl create %1 %2%3%4")
            .arg(kind.toLower(), name, ns, ruleFlags(rules.first().toObject()));
    if (kind == QLatin1String("RoleBinding") || kind == QLatin1String("ClusterRoleBinding")) {
        const QJsonObject role = object.value(QStringLiteral("roleRef")).toObject();
        const bool clusterRole =
            role.value(QStringLiteral("kind")).toString() == QLatin1String("ClusterRole");
        return QStringLiteral("kubectl create %1 %2%3%4%5")
            .arg(kind.toLower(), name, ns,
                 flag(clusterRole ? QStringLiteral("clusterrole") : QStringLiteral("role"),
                      role.value(QStringLiteral("name")).toString()),
                 subjectFlags(object));
    }
    return withManifest(QStringLiteral("create"), object);
}

QString createConfigMap(const QString &name, const QString &namespaceName,
                        const QStringList &fromFlags)
{
    QString command = QStringLiteral("kubectl create configmap ") + shellWord(name)
                      + namespaceFlag(namespaceName);
    for (const QString &from : fromFlags)
        command += QLatin1Char(' ') + shellWord(from);
    return command;
}

QString withManifest(const QString &verb, const QJsonObject &object)
{
    return QStringLiteral("kubectl %1 -f - <<'EOF'\n%2EOF")
        .arg(verb, QString::fromUtf8(editableYaml(object)));
}

QString remove(const QString &objectReference)
{
    return QStringLiteral("kubectl delete ") + objectReference;
}

QString remove(const QString &kind, const QString &name, const QString &namespaceName)
{
    return QStringLiteral("kubectl delete %1 %2%3")
        .arg(kind.toLower(), shellWord(name), namespaceFlag(namespaceName));
}

QString decideCertificate(bool approve, const QString &requestName)
{
    return QStringLiteral("kubectl certificate %1 %2")
        .arg(approve ? QStringLiteral("approve") : QStringLiteral("deny"), shellWord(requestName));
}

QString createToken(const QString &serviceAccount, const QString &namespaceName, qint64 seconds)
{
    return QStringLiteral("kubectl create token %1%2")
               .arg(shellWord(serviceAccount), namespaceFlag(namespaceName))
           + (seconds ? QStringLiteral(" --duration=%1s").arg(seconds) : QString());
}

QString mergePatch(const QString &objectReference, const QJsonObject &patch)
{
    return QStringLiteral("kubectl patch %1 --type=merge -p %2")
        .arg(objectReference,
             shellWord(QString::fromUtf8(QJsonDocument(patch).toJson(QJsonDocument::Compact))));
}

} // namespace kubestrap::kubectl
