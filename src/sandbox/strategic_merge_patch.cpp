#include "strategic_merge_patch.h"

#include "field_validation.h"

#include <QJsonArray>

#include <algorithm>

namespace kubestrap::sandbox {

namespace {

const QLatin1String kPatch("$patch");
const QLatin1String kRetainKeys("$retainKeys");
const QLatin1String kSetElementOrder("$setElementOrder/");
const QLatin1String kDeleteFromPrimitiveList("$deleteFromPrimitiveList/");

Result<QJsonValue> mergeValue(const QJsonValue &original, const QJsonValue &patch,
                              const Schema &schema);

Schema childOf(const Schema &schema, const QString &key)
{
    return schema.isMap() ? schema.mapValue() : schema.field(key);
}

// Where in `list` the element with `key`'s value of `element` is, or -1.
qsizetype indexOf(const QJsonArray &list, const QString &key, const QJsonValue &element)
{
    const QJsonValue wanted = key.isEmpty() ? element : element.toObject().value(key);
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonValue here = key.isEmpty() ? list.at(i) : list.at(i).toObject().value(key);
        if (here == wanted)
            return i;
    }
    return -1;
}

Result<QJsonArray> mergeList(const QJsonArray &original, const QJsonArray &patch,
                             const Schema &schema)
{
    const QString key = schema.patchMergeKey();
    for (const QJsonValue &element : patch) {
        if (element.toObject().value(kPatch) == QLatin1String("replace")) {
            QJsonArray replaced;
            for (const QJsonValue &other : patch) {
                if (other != element)
                    replaced.append(other);
            }
            return replaced;
        }
    }
    QJsonArray merged = original;
    for (const QJsonValue &element : patch) {
        if (!key.isEmpty() && !element.toObject().contains(key))
            return fail(QStringLiteral("map: %1 does not contain declared merge key: %2")
                            .arg(goFormatted(element), key));
        const qsizetype at = indexOf(merged, key, element);
        if (element.toObject().value(kPatch) == QLatin1String("delete")) {
            if (at >= 0)
                merged.removeAt(at);
            continue;
        }
        if (at >= 0 && key.isEmpty())
            continue; // a set of values: already there
        auto value = mergeValue(at >= 0 ? merged.at(at) : QJsonValue(), element, schema.item());
        if (!value)
            return unexpected(value.error());
        if (at >= 0)
            merged[at] = *value;
        else
            merged.append(*value);
    }
    return merged;
}

// Orders a merged list as apimachinery's normalizeElementOrder does: the elements `order` names
// (the patch's list, or its $setElementOrder) in that order, and the others (the server's own)
// slotted in among them where they stood in `original`.
QJsonArray ordered(const QJsonArray &merged, const QJsonArray &order, const QJsonArray &original,
                   const QString &key)
{
    std::vector<QJsonValue> named;
    std::vector<QJsonValue> serverOnly;
    for (const QJsonValue &element : merged)
        (indexOf(order, key, element) >= 0 ? named : serverOnly).push_back(element);
    std::stable_sort(named.begin(), named.end(), [&](const QJsonValue &a, const QJsonValue &b) {
        return indexOf(order, key, a) < indexOf(order, key, b);
    });
    QJsonArray sorted;
    size_t i = 0;
    size_t j = 0;
    while (i < serverOnly.size() || j < named.size()) {
        bool serverFirst = j >= named.size();
        if (!serverFirst && i < serverOnly.size()) {
            const qsizetype left = indexOf(original, key, serverOnly[i]);
            const qsizetype right = indexOf(original, key, named[j]);
            serverFirst = left >= 0 && right >= 0 && left < right;
        }
        sorted.append(serverFirst ? serverOnly[i++] : named[j++]);
    }
    return sorted;
}

Result<QJsonObject> mergeMap(QJsonObject original, const QJsonObject &patch, const Schema &schema)
{
    const QJsonObject before = original;
    const QString directive = patch.value(kPatch).toString();
    if (directive == QLatin1String("replace")) {
        QJsonObject replaced = patch;
        replaced.remove(kPatch);
        return replaced;
    }
    if (directive == QLatin1String("delete"))
        return QJsonObject();
    if (!directive.isEmpty() && directive != QLatin1String("merge"))
        return fail(
            QStringLiteral("unknown patch type: %1 in map: %2").arg(directive, goFormatted(patch)));
    if (patch.contains(kRetainKeys)) {
        const QJsonArray retained = patch.value(kRetainKeys).toArray();
        for (auto it = original.begin(); it != original.end();)
            it = retained.contains(QJsonValue(it.key())) ? it + 1 : original.erase(it);
    }
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        const QString key = it.key();
        if (key == kPatch || key == kRetainKeys || key.startsWith(kSetElementOrder))
            continue;
        if (key.startsWith(kDeleteFromPrimitiveList)) {
            const QString field = key.mid(kDeleteFromPrimitiveList.size());
            QJsonArray kept;
            for (const QJsonValue &value : original.value(field).toArray()) {
                if (!it.value().toArray().contains(value))
                    kept.append(value);
            }
            original.insert(field, kept);
            continue;
        }
        if (it.value().isNull()) {
            original.remove(key);
            continue;
        }
        if (!original.contains(key)) { // taken as it is, as apimachinery takes it
            original.insert(key, it.value());
            continue;
        }
        auto merged = mergeValue(original.value(key), it.value(), childOf(schema, key));
        if (!merged)
            return unexpected(merged.error());
        original.insert(key, *merged);
    }
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (!it.key().startsWith(kSetElementOrder))
            continue;
        const QString field = it.key().mid(kSetElementOrder.size());
        if (original.value(field).isArray())
            original.insert(field, ordered(original.value(field).toArray(), it.value().toArray(),
                                           before.value(field).toArray(),
                                           childOf(schema, field).patchMergeKey()));
    }
    return original;
}

Result<QJsonValue> mergeValue(const QJsonValue &original, const QJsonValue &patch,
                              const Schema &schema)
{
    if (patch.isObject()) {
        auto merged = mergeMap(original.isObject() ? original.toObject() : QJsonObject(),
                               patch.toObject(), schema);
        if (!merged)
            return unexpected(merged.error());
        return QJsonValue(*merged);
    }
    if (patch.isArray()
        && schema.patchStrategy().split(QLatin1Char(',')).contains(QLatin1String("merge"))) {
        auto merged = mergeList(original.toArray(), patch.toArray(), schema);
        if (!merged)
            return unexpected(merged.error());
        return QJsonValue(
            ordered(*merged, patch.toArray(), original.toArray(), schema.patchMergeKey()));
    }
    return patch;
}

} // namespace

Result<QJsonObject> applyStrategicMergePatch(const QJsonObject &original, const QJsonObject &patch,
                                             const Schema &schema)
{
    return mergeMap(original, patch, schema);
}

} // namespace kubestrap::sandbox
