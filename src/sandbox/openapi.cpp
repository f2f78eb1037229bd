#include "openapi.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace kubestrap::sandbox {

namespace {

// "api/v1" -> "v1", "apis/rbac.authorization.k8s.io/v1" -> "rbac.authorization.k8s.io/v1"
QString groupVersionOf(const QString &documentPath)
{
    return documentPath == QLatin1String("api/v1") ? QStringLiteral("v1") : documentPath.mid(5);
}

QByteArray readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("the sandbox was built without its OpenAPI documents (%s)", qPrintable(path));
    return file.readAll();
}

QJsonObject referenced(const QJsonObject *components, const QJsonValue &ref)
{
    const QString name = ref.toString().section(QLatin1Char('/'), -1);
    return components->value(name).toObject();
}

} // namespace

Schema::Schema(const QJsonObject *componentsIn, const QJsonObject &node)
    : components(componentsIn), outer(node), resolved(node)
{
    if (node.contains(QLatin1String("$ref"))) {
        resolved = referenced(components, node.value(QLatin1String("$ref")));
    } else if (const QJsonArray all = node.value(QLatin1String("allOf")).toArray();
               all.size() == 1 && all.first().toObject().contains(QLatin1String("$ref"))) {
        resolved = referenced(components, all.first().toObject().value(QLatin1String("$ref")));
    }
}

Schema Schema::field(const QString &name) const
{
    const QJsonObject properties = resolved.value(QLatin1String("properties")).toObject();
    if (!known() || !properties.contains(name))
        return {};
    return Schema(components, properties.value(name).toObject());
}

Schema Schema::mapValue() const
{
    if (!isMap())
        return {};
    return Schema(components, resolved.value(QLatin1String("additionalProperties")).toObject());
}

Schema Schema::item() const
{
    if (!isList())
        return {};
    return Schema(components, resolved.value(QLatin1String("items")).toObject());
}

QString Schema::patchStrategy() const
{
    return outer.value(QLatin1String("x-kubernetes-patch-strategy")).toString();
}

QString Schema::patchMergeKey() const
{
    return outer.value(QLatin1String("x-kubernetes-patch-merge-key")).toString();
}

const OpenApi &OpenApi::recorded()
{
    static const OpenApi documents;
    return documents;
}

OpenApi::OpenApi()
{
    const QDir folder(QStringLiteral(":/openapi"));
    v2Protobuf = readResource(folder.filePath(QStringLiteral("v2.pb")));
    for (const QString &file : folder.entryList({QStringLiteral("*.json")})) {
        const QByteArray bytes = readResource(folder.filePath(file));
        if (file == QLatin1String("v2.json")) {
            v2 = bytes;
            continue;
        }
        const QString path = file.chopped(5).replace(QLatin1Char('_'), QLatin1Char('/'));
        Document document{
            bytes, QCryptographicHash::hash(bytes, QCryptographicHash::Sha512).toHex().toUpper(),
            QJsonDocument::fromJson(bytes)
                .object()
                .value(QLatin1String("components"))
                .toObject()
                .value(QLatin1String("schemas"))
                .toObject()};
        for (auto it = document.components.begin(); it != document.components.end(); ++it) {
            const QJsonArray gvks = it.value()
                                        .toObject()
                                        .value(QLatin1String("x-kubernetes-group-version-kind"))
                                        .toArray();
            for (const QJsonValue &gvk : gvks) {
                const QJsonObject named = gvk.toObject();
                const QString group = named.value(QLatin1String("group")).toString();
                const QString version = named.value(QLatin1String("version")).toString();
                const QString groupVersion =
                    group.isEmpty() ? version : group + QLatin1Char('/') + version;
                // ObjectMeta's kinds (DeleteOptions, WatchEvent…) are described in every
                // document; the kind's own document is the one named after its group version.
                if (groupVersionOf(path) == groupVersion)
                    kinds[groupVersion + QLatin1Char('/')
                          + named.value(QLatin1String("kind")).toString()] = {path, it.key()};
            }
        }
        v3.emplace(path, std::move(document));
    }
}

std::optional<OpenApi::Answer>
OpenApi::answer(const QString &path, const QByteArray &accept, const QString &hash,
                const std::function<bool(const QString &)> &served) const
{
    if (path == QLatin1String("/openapi/v2") && accept.contains("protobuf"))
        return Answer{200, v2Protobuf, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
                      {},  {},         false};
    if (path == QLatin1String("/openapi/v2"))
        return Answer{200, v2, "application/json", {}, {}, false};
    if (path == QLatin1String("/openapi/v3")) {
        QJsonObject paths;
        for (const auto &[name, document] : v3) {
            if (served(groupVersionOf(name)))
                paths.insert(name,
                             QJsonObject{{QStringLiteral("serverRelativeURL"),
                                          QStringLiteral("/openapi/v3/%1?hash=%2")
                                              .arg(name, QString::fromLatin1(document.hash))}});
        }
        // kube-openapi sends its index as text/plain; clients read it as JSON regardless.
        return Answer{200,
                      QJsonDocument(QJsonObject{{QStringLiteral("paths"), paths}})
                          .toJson(QJsonDocument::Compact),
                      "text/plain; charset=utf-8",
                      {},
                      {},
                      false};
    }
    if (!path.startsWith(QLatin1String("/openapi/v3/")))
        return std::nullopt;
    const QString name = path.mid(12);
    const auto found = v3.find(name);
    if (found == v3.end() || !served(groupVersionOf(name)))
        return std::nullopt;
    const Document &document = found->second;
    if (!hash.isEmpty() && hash.toLatin1() != document.hash)
        return Answer{301,
                      {},
                      "application/json",
                      document.hash,
                      "/openapi/v3/" + name.toLatin1() + "?hash=" + document.hash,
                      false};
    return Answer{200, document.bytes, "application/json", document.hash, {}, !hash.isEmpty()};
}

Schema OpenApi::schemaOf(const QString &groupVersion, const QString &kind) const
{
    const auto found = kinds.find(groupVersion + QLatin1Char('/') + kind);
    if (found == kinds.end())
        return {};
    const Document &document = v3.at(found->second.first);
    return Schema(&document.components, document.components.value(found->second.second).toObject());
}

} // namespace kubestrap::sandbox
