#include "protobuf_body.h"

#include <QDateTime>
#include <QJsonArray>

#include <map>
#include <vector>

namespace kubestrap::sandbox {

namespace {

enum class Type { String, Bytes, Bool, Int, Message, StringMap, BytesMap, ExtraMap, Time };

struct Schema;

struct Field {
    int number;
    const char *json;
    Type type;
    bool repeated = false;
    const Schema *schema = nullptr;
};

struct Schema {
    std::vector<Field> fields;
};

// The generated.proto field numbers of k8s.io/api, for the kinds and parts the sandbox serves.
const Schema kObjectMeta{{{1, "name", Type::String},
                          {2, "generateName", Type::String},
                          {3, "namespace", Type::String},
                          {5, "uid", Type::String},
                          {6, "resourceVersion", Type::String},
                          {7, "generation", Type::Int},
                          {8, "creationTimestamp", Type::Time},
                          {11, "labels", Type::StringMap},
                          {12, "annotations", Type::StringMap},
                          {14, "finalizers", Type::String, true}}};
const Schema kPolicyRule{{{1, "verbs", Type::String, true},
                          {2, "apiGroups", Type::String, true},
                          {3, "resources", Type::String, true},
                          {4, "resourceNames", Type::String, true},
                          {5, "nonResourceURLs", Type::String, true}}};
const Schema kRequirement{
    {{1, "key", Type::String}, {2, "operator", Type::String}, {3, "values", Type::String, true}}};
const Schema kLabelSelector{{{1, "matchLabels", Type::StringMap},
                             {2, "matchExpressions", Type::Message, true, &kRequirement}}};
const Schema kAggregationRule{{{1, "clusterRoleSelectors", Type::Message, true, &kLabelSelector}}};
const Schema kSubject{{{1, "kind", Type::String},
                       {2, "apiGroup", Type::String},
                       {3, "name", Type::String},
                       {4, "namespace", Type::String}}};
const Schema kRoleRef{
    {{1, "apiGroup", Type::String}, {2, "kind", Type::String}, {3, "name", Type::String}}};
const Schema kObjectReference{{{1, "kind", Type::String},
                               {2, "namespace", Type::String},
                               {3, "name", Type::String},
                               {4, "uid", Type::String},
                               {5, "apiVersion", Type::String}}};
const Schema kLocalReference{{{1, "name", Type::String}}};
const Schema kCondition{{{1, "type", Type::String},
                         {2, "reason", Type::String},
                         {3, "message", Type::String},
                         {4, "lastUpdateTime", Type::Time},
                         {5, "lastTransitionTime", Type::Time},
                         {6, "status", Type::String}}};
const Schema kCsrSpec{{{1, "request", Type::Bytes},
                       {2, "username", Type::String},
                       {3, "uid", Type::String},
                       {4, "groups", Type::String, true},
                       {5, "usages", Type::String, true},
                       {6, "extra", Type::ExtraMap},
                       {7, "signerName", Type::String},
                       {8, "expirationSeconds", Type::Int}}};
const Schema kCsrStatus{
    {{1, "conditions", Type::Message, true, &kCondition}, {2, "certificate", Type::Bytes}}};
const Schema kResourceAttributes{{{1, "namespace", Type::String},
                                  {2, "verb", Type::String},
                                  {3, "group", Type::String},
                                  {4, "version", Type::String},
                                  {5, "resource", Type::String},
                                  {6, "subresource", Type::String},
                                  {7, "name", Type::String}}};
const Schema kNonResourceAttributes{{{1, "path", Type::String}, {2, "verb", Type::String}}};
const Schema kAccessReviewSpec{
    {{1, "resourceAttributes", Type::Message, false, &kResourceAttributes},
     {2, "nonResourceAttributes", Type::Message, false, &kNonResourceAttributes},
     {3, "user", Type::String},
     {4, "groups", Type::String, true},
     {6, "uid", Type::String}}};
const Schema kRulesReviewSpec{{{1, "namespace", Type::String}}};
const Schema kBoundObjectRef{{{1, "kind", Type::String},
                              {2, "apiVersion", Type::String},
                              {3, "name", Type::String},
                              {4, "uid", Type::String}}};
const Schema kTokenRequestSpec{{{1, "audiences", Type::String, true},
                                {3, "boundObjectRef", Type::Message, false, &kBoundObjectRef},
                                {4, "expirationSeconds", Type::Int}}};
const Schema kNamespaceSpec{{{1, "finalizers", Type::String, true}}};
const Schema kNamespaceStatus{{{1, "phase", Type::String}}};

const std::map<QString, Schema> &kinds()
{
    static const std::map<QString, Schema> table{
        {QStringLiteral("v1/Secret"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "data", Type::BytesMap},
           {3, "type", Type::String},
           {4, "stringData", Type::StringMap},
           {5, "immutable", Type::Bool}}}},
        {QStringLiteral("v1/ConfigMap"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "data", Type::StringMap},
           {3, "binaryData", Type::BytesMap},
           {4, "immutable", Type::Bool}}}},
        {QStringLiteral("v1/Namespace"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "spec", Type::Message, false, &kNamespaceSpec},
           {3, "status", Type::Message, false, &kNamespaceStatus}}}},
        {QStringLiteral("v1/ServiceAccount"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "secrets", Type::Message, true, &kObjectReference},
           {3, "imagePullSecrets", Type::Message, true, &kLocalReference},
           {4, "automountServiceAccountToken", Type::Bool}}}},
        {QStringLiteral("rbac.authorization.k8s.io/v1/Role"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "rules", Type::Message, true, &kPolicyRule}}}},
        {QStringLiteral("rbac.authorization.k8s.io/v1/ClusterRole"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "rules", Type::Message, true, &kPolicyRule},
           {3, "aggregationRule", Type::Message, false, &kAggregationRule}}}},
        {QStringLiteral("rbac.authorization.k8s.io/v1/RoleBinding"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "subjects", Type::Message, true, &kSubject},
           {3, "roleRef", Type::Message, false, &kRoleRef}}}},
        {QStringLiteral("rbac.authorization.k8s.io/v1/ClusterRoleBinding"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "subjects", Type::Message, true, &kSubject},
           {3, "roleRef", Type::Message, false, &kRoleRef}}}},
        {QStringLiteral("authorization.k8s.io/v1/SelfSubjectAccessReview"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "spec", Type::Message, false, &kAccessReviewSpec}}}},
        {QStringLiteral("authorization.k8s.io/v1/SubjectAccessReview"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "spec", Type::Message, false, &kAccessReviewSpec}}}},
        {QStringLiteral("authorization.k8s.io/v1/SelfSubjectRulesReview"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "spec", Type::Message, false, &kRulesReviewSpec}}}},
        {QStringLiteral("authentication.k8s.io/v1/TokenRequest"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "spec", Type::Message, false, &kTokenRequestSpec}}}},
        {QStringLiteral("authentication.k8s.io/v1/SelfSubjectReview"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta}}}},
        {QStringLiteral("authentication.k8s.io/v1beta1/SelfSubjectReview"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta}}}},
        {QStringLiteral("authentication.k8s.io/v1alpha1/SelfSubjectReview"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta}}}},
        {QStringLiteral("certificates.k8s.io/v1/CertificateSigningRequest"),
         {{{1, "metadata", Type::Message, false, &kObjectMeta},
           {2, "spec", Type::Message, false, &kCsrSpec},
           {3, "status", Type::Message, false, &kCsrStatus}}}},
    };
    return table;
}

// The protobuf wire format, read field by field; every read is bounds-checked.
class Reader {
public:
    explicit Reader(QByteArrayView data) : data(data) {}

    bool atEnd() const { return position >= data.size(); }

    bool varint(quint64 &value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && position < data.size(); shift += 7) {
            const auto byte = quint8(data[position++]);
            value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return true;
        }
        return false;
    }

    bool bytes(QByteArrayView &value)
    {
        quint64 length = 0;
        if (!varint(length) || length > quint64(data.size() - position))
            return false;
        value = data.sliced(position, qsizetype(length));
        position += qsizetype(length);
        return true;
    }

    bool skip(int wireType)
    {
        quint64 ignored = 0;
        QByteArrayView view;
        switch (wireType) {
        case 0:
            return varint(ignored);
        case 1:
            return advance(8);
        case 2:
            return bytes(view);
        case 5:
            return advance(4);
        }
        return false;
    }

private:
    bool advance(qsizetype count)
    {
        if (count > data.size() - position)
            return false;
        position += count;
        return true;
    }

    QByteArrayView data;
    qsizetype position = 0;
};

std::optional<QJsonObject> decodeMessage(QByteArrayView bytes, const Schema &schema);

std::optional<std::pair<QString, QByteArrayView>> decodeEntry(QByteArrayView bytes)
{
    Reader reader(bytes);
    QString key;
    QByteArrayView value;
    while (!reader.atEnd()) {
        quint64 tag = 0;
        QByteArrayView field;
        if (!reader.varint(tag))
            return std::nullopt;
        if ((tag & 7) != 2) {
            if (!reader.skip(int(tag & 7)))
                return std::nullopt;
            continue;
        }
        if (!reader.bytes(field))
            return std::nullopt;
        if ((tag >> 3) == 1)
            key = QString::fromUtf8(field);
        else if ((tag >> 3) == 2)
            value = field;
    }
    return std::pair{key, value};
}

std::optional<QJsonValue> decodeValue(const Field &field, Reader &reader, int wireType)
{
    if (field.type == Type::Bool || field.type == Type::Int) {
        quint64 number = 0;
        if (wireType != 0 || !reader.varint(number))
            return std::nullopt;
        return field.type == Type::Bool ? QJsonValue(number != 0) : QJsonValue(qint64(number));
    }
    QByteArrayView bytes;
    if (wireType != 2 || !reader.bytes(bytes))
        return std::nullopt;
    switch (field.type) {
    case Type::String:
        return QJsonValue(QString::fromUtf8(bytes));
    case Type::Bytes:
        return QJsonValue(QString::fromLatin1(bytes.toByteArray().toBase64()));
    case Type::Message: {
        auto message = decodeMessage(bytes, *field.schema);
        return message ? std::optional<QJsonValue>(*message) : std::nullopt;
    }
    case Type::Time: {
        static const Schema time{{{1, "seconds", Type::Int}, {2, "nanos", Type::Int}}};
        const auto value = decodeMessage(bytes, time);
        if (!value)
            return std::nullopt;
        if (value->value(QStringLiteral("seconds")).toInteger() == 0)
            return QJsonValue(QString()); // the zero time: left out
        return QJsonValue(QDateTime::fromSecsSinceEpoch(
                              value->value(QStringLiteral("seconds")).toInteger(), Qt::UTC)
                              .toString(Qt::ISODate));
    }
    default:
        return QJsonValue(QString::fromUtf8(bytes)); // maps are handled by the caller
    }
}

bool isZero(const QJsonValue &value)
{
    return (value.isString() && value.toString().isEmpty()) || (value.isBool() && !value.toBool())
           || (value.isDouble() && value.toDouble() == 0)
           || (value.isObject() && value.toObject().isEmpty());
}

std::optional<QJsonObject> decodeMessage(QByteArrayView bytes, const Schema &schema)
{
    QJsonObject object;
    Reader reader(bytes);
    while (!reader.atEnd()) {
        quint64 tag = 0;
        if (!reader.varint(tag))
            return std::nullopt;
        const int number = int(tag >> 3);
        const int wireType = int(tag & 7);
        const auto field = std::find_if(schema.fields.begin(), schema.fields.end(),
                                        [&](const Field &f) { return f.number == number; });
        if (field == schema.fields.end()) {
            if (!reader.skip(wireType))
                return std::nullopt;
            continue;
        }
        const QString name = QLatin1String(field->json);
        if (field->type == Type::StringMap || field->type == Type::BytesMap
            || field->type == Type::ExtraMap) {
            QByteArrayView entryBytes;
            if (wireType != 2 || !reader.bytes(entryBytes))
                return std::nullopt;
            const auto entry = decodeEntry(entryBytes);
            if (!entry)
                return std::nullopt;
            QJsonObject map = object.value(name).toObject();
            if (field->type == Type::StringMap)
                map.insert(entry->first, QString::fromUtf8(entry->second));
            else if (field->type == Type::BytesMap)
                map.insert(entry->first,
                           QString::fromLatin1(entry->second.toByteArray().toBase64()));
            else {
                static const Schema extra{{{1, "items", Type::String, true}}};
                const auto items = decodeMessage(entry->second, extra);
                map.insert(entry->first,
                           items ? items->value(QStringLiteral("items")) : QJsonArray());
            }
            object.insert(name, map);
            continue;
        }
        const auto value = decodeValue(*field, reader, wireType);
        if (!value)
            return std::nullopt;
        if (field->repeated) {
            QJsonArray list = object.value(name).toArray();
            list.append(*value);
            object.insert(name, list);
        } else if (!isZero(*value)) {
            // gogo-protobuf writes empty optional fields that JSON would leave out.
            object.insert(name, *value);
        }
    }
    return object;
}

} // namespace

Result<QJsonObject> decodeProtobufBody(const QByteArray &body)
{
    static const QByteArray magic("k8s\0", 4);
    if (!body.startsWith(magic))
        return fail(
            QStringLiteral("the protobuf body does not start with the Kubernetes magic number"));
    static const Schema typeMeta{{{1, "apiVersion", Type::String}, {2, "kind", Type::String}}};
    static const Schema unknown{
        {{1, "typeMeta", Type::Message, false, &typeMeta}, {2, "raw", Type::Bytes}}};
    const auto envelope = decodeMessage(QByteArrayView(body).sliced(4), unknown);
    if (!envelope)
        return fail(QStringLiteral("the protobuf envelope cannot be read"));
    const QJsonObject meta = envelope->value(QStringLiteral("typeMeta")).toObject();
    const QString apiVersion = meta.value(QStringLiteral("apiVersion")).toString();
    const QString kind = meta.value(QStringLiteral("kind")).toString();
    const auto schema = kinds().find(apiVersion + QLatin1Char('/') + kind);
    if (schema == kinds().end())
        return fail(QStringLiteral("the sandbox cannot read %1 %2 as protobuf; send JSON")
                        .arg(apiVersion, kind));
    const QByteArray raw =
        QByteArray::fromBase64(envelope->value(QStringLiteral("raw")).toString().toLatin1());
    auto object = decodeMessage(raw, schema->second);
    if (!object)
        return fail(QStringLiteral("the protobuf %1 cannot be read").arg(kind));
    object->insert(QStringLiteral("apiVersion"), apiVersion);
    object->insert(QStringLiteral("kind"), kind);
    return *object;
}

} // namespace kubestrap::sandbox
