#include "json_patch.h"

#include <QJsonObject>
#include <QStringList>

namespace kubestrap::sandbox {

namespace {

Result<QStringList> tokensOf(const QString &pointer)
{
    if (pointer.isEmpty())
        return QStringList();
    if (!pointer.startsWith(QLatin1Char('/')))
        return fail(QStringLiteral("the path %1 does not start with /").arg(pointer));
    QStringList tokens = pointer.mid(1).split(QLatin1Char('/'));
    for (QString &token : tokens)
        token.replace(QLatin1String("~1"), QLatin1String("/"))
            .replace(QLatin1String("~0"), QLatin1String("~"));
    return tokens;
}

// An array index as RFC 6901 writes one: digits without leading zeros, below `limit`.
std::optional<qsizetype> indexIn(const QString &token, qsizetype limit)
{
    bool ok = false;
    const qsizetype index = token.toLongLong(&ok);
    if (!ok || token.startsWith(QLatin1Char('+'))
        || (token.size() > 1 && token.startsWith(QLatin1Char('0'))) || index < 0 || index >= limit)
        return std::nullopt;
    return index;
}

Result<QJsonValue> valueAt(const QJsonValue &node, const QStringList &tokens)
{
    QJsonValue here = node;
    for (const QString &token : tokens) {
        if (here.isObject() && here.toObject().contains(token)) {
            here = here.toObject().value(token);
        } else if (const auto index = indexIn(token, here.toArray().size());
                   here.isArray() && index) {
            here = here.toArray().at(*index);
        } else {
            return fail(QStringLiteral("missing value at /%1").arg(tokens.join(QLatin1Char('/'))));
        }
    }
    return here;
}

enum class Change { Add, Remove, Replace };

// `node` with the change made at `tokens`, which are never empty.
Result<QJsonValue> changed(const QJsonValue &node, QStringList tokens, Change change,
                           const QJsonValue &value)
{
    const QString token = tokens.takeFirst();
    const auto missing = [&] {
        return fail(QStringLiteral("missing value at %1").arg(token));
    };
    if (node.isObject()) {
        QJsonObject object = node.toObject();
        if (!tokens.isEmpty()) {
            if (!object.contains(token))
                return missing();
            auto inner = changed(object.value(token), tokens, change, value);
            if (!inner)
                return inner;
            object.insert(token, *inner);
        } else if (change == Change::Remove) {
            if (!object.contains(token))
                return missing();
            object.remove(token);
        } else {
            if (change == Change::Replace && !object.contains(token))
                return missing();
            object.insert(token, value);
        }
        return QJsonValue(object);
    }
    if (node.isArray()) {
        QJsonArray array = node.toArray();
        const bool appends =
            change == Change::Add && tokens.isEmpty() && token == QLatin1String("-");
        const auto index =
            indexIn(token, array.size() + (change == Change::Add && tokens.isEmpty() ? 1 : 0));
        if (!appends && !index)
            return missing();
        if (!tokens.isEmpty()) {
            auto inner = changed(array.at(*index), tokens, change, value);
            if (!inner)
                return inner;
            array[*index] = *inner;
        } else if (appends) {
            array.append(value);
        } else if (change == Change::Add) {
            array.insert(*index, value);
        } else if (change == Change::Remove) {
            array.removeAt(*index);
        } else {
            array[*index] = value;
        }
        return QJsonValue(array);
    }
    return missing();
}

Result<QJsonValue> apply(const QJsonValue &document, const QJsonObject &operation)
{
    const QString op = operation.value(QLatin1String("op")).toString();
    const auto path = tokensOf(operation.value(QLatin1String("path")).toString());
    if (!path)
        return unexpected(path.error());
    const QJsonValue value = operation.value(QLatin1String("value"));
    // The empty path is the whole document.
    const auto at = [&](Change change, const QJsonValue &with) -> Result<QJsonValue> {
        if (!path->isEmpty())
            return changed(document, *path, change, with);
        if (change == Change::Remove)
            return fail(QStringLiteral("the whole document cannot be removed"));
        return with;
    };
    if (op == QLatin1String("add"))
        return at(Change::Add, value);
    if (op == QLatin1String("remove"))
        return at(Change::Remove, {});
    if (op == QLatin1String("replace")) {
        if (auto existing = valueAt(document, *path); !existing)
            return existing;
        return at(Change::Replace, value);
    }
    if (op == QLatin1String("test")) {
        const auto existing = valueAt(document, *path);
        if (!existing)
            return existing;
        if (*existing != value)
            return fail(QStringLiteral("testing value %1 failed")
                            .arg(operation.value(QLatin1String("path")).toString()));
        return document;
    }
    if (op == QLatin1String("move") || op == QLatin1String("copy")) {
        const auto from = tokensOf(operation.value(QLatin1String("from")).toString());
        if (!from)
            return unexpected(from.error());
        const auto moved = valueAt(document, *from);
        if (!moved)
            return moved;
        QJsonValue source = document;
        if (op == QLatin1String("move") && from->isEmpty())
            return fail(QStringLiteral("the whole document cannot be moved"));
        if (op == QLatin1String("move")) {
            auto removed = changed(document, *from, Change::Remove, {});
            if (!removed)
                return removed;
            source = *removed;
        }
        if (path->isEmpty())
            return *moved;
        return changed(source, *path, Change::Add, *moved);
    }
    return fail(QStringLiteral("unexpected operation \"%1\"").arg(op));
}

} // namespace

Result<QJsonValue> applyJsonPatch(const QJsonValue &document, const QJsonArray &operations)
{
    QJsonValue result = document;
    for (const QJsonValue &operation : operations) {
        auto next = apply(result, operation.toObject());
        if (!next)
            return next;
        result = *next;
    }
    return result;
}

} // namespace kubestrap::sandbox
