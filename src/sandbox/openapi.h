#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <map>
#include <optional>

namespace kubestrap::sandbox {

// One node of an OpenAPI v3 schema, with its $ref (or allOf: [$ref]) followed. The extensions
// Kubernetes puts beside a $ref (x-kubernetes-patch-strategy, -merge-key) are kept.
class Schema {
public:
    Schema() = default;
    Schema(const QJsonObject *components, const QJsonObject &node);

    bool known() const { return components != nullptr; }
    // An object with named fields (ObjectMeta, ConfigMap), as opposed to a map or a free object.
    bool hasFields() const { return resolved.contains(QLatin1String("properties")); }
    bool isMap() const { return resolved.value(QLatin1String("additionalProperties")).isObject(); }
    bool isList() const { return resolved.value(QLatin1String("type")) == QLatin1String("array"); }

    Schema field(const QString &name) const;
    Schema mapValue() const;
    Schema item() const;
    // "merge", "retainKeys", "merge,retainKeys" or "" (replace), as the Go types' patchStrategy
    // tags.
    QString patchStrategy() const;
    QString patchMergeKey() const;

private:
    const QJsonObject *components = nullptr;
    QJsonObject outer;
    QJsonObject resolved;
};

// The OpenAPI documents a real kube-apiserver v1.32 publishes, recorded and trimmed to the
// paths, methods and kinds the sandbox serves (scripts/record-openapi). kubectl reads them to
// validate (create, apply) and to compute apply's strategic merge patches; the sandbox reads the
// same schemas to decode strictly and to apply those patches.
class OpenApi {
public:
    static const OpenApi &recorded();

    struct Answer {
        int code = 200;
        QByteArray body;
        QByteArray contentType;
        QByteArray etag;     // the document's hash, as kube-openapi names it
        QByteArray location; // a redirect to the current hash
        bool immutable = false;
    };
    // GET /openapi/v2, /openapi/v3 and /openapi/v3/<api/v1 | apis/group/version>, or nothing
    // for paths that are not these. `served` tells whether a group version is served now. v2 is
    // protobuf when `accept` asks for it, as kubectl 1.27 and 1.28 do.
    std::optional<Answer> answer(const QString &path, const QByteArray &accept, const QString &hash,
                                 const std::function<bool(const QString &)> &served) const;

    // The schema of `kind` in `groupVersion`; unknown when the documents do not describe it.
    Schema schemaOf(const QString &groupVersion, const QString &kind) const;

private:
    OpenApi();

    struct Document {
        QByteArray bytes;
        QByteArray hash;
        QJsonObject components; // components.schemas
    };
    std::map<QString, Document> v3; // by "api/v1", "apis/rbac.authorization.k8s.io/v1"
    QByteArray v2;
    QByteArray v2Protobuf;
    std::map<QString, std::pair<QString, QString>> kinds; // "gv/kind" -> document, schema name
};

} // namespace kubestrap::sandbox
