#include "create_or_update.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPointer>

namespace kubestrap::writes {

namespace {

QString kindOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("kind")).toString();
}

bool isBinding(const QJsonObject &object)
{
    return kindOf(object).endsWith(QLatin1String("Binding"));
}

// The subjects of `planned` that `existing` lacks.
QJsonArray missingSubjects(const QJsonObject &planned, const QJsonObject &existing)
{
    const QJsonArray have = existing.value(QStringLiteral("subjects")).toArray();
    QJsonArray missing;
    for (const QJsonValue &subject : planned.value(QStringLiteral("subjects")).toArray()) {
        if (!have.contains(subject))
            missing.append(subject);
    }
    return missing;
}

QJsonValue dataValue(const QJsonObject &object, const char *key)
{
    return object.value(QStringLiteral("data")).toObject().value(QLatin1String(key));
}

QString roleName(const QJsonObject &binding)
{
    return binding.value(QStringLiteral("roleRef"))
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

} // namespace

QString difference(const QJsonObject &planned, const QJsonObject &existing)
{
    const QString kind = kindOf(planned);
    if (isBinding(planned)) {
        if (needsReplacing(planned, existing))
            return QCoreApplication::translate("kubestrap::writes", "it grants %1 instead of %2")
                .arg(roleName(existing), roleName(planned));
        QStringList names;
        for (const QJsonValue &subject : missingSubjects(planned, existing))
            names << subject.toObject().value(QStringLiteral("name")).toString();
        return names.isEmpty()
                   ? QString()
                   : QCoreApplication::translate("kubestrap::writes", "it does not bind %1")
                         .arg(names.join(QStringLiteral(", ")));
    }
    if (kind == QLatin1String("Secret"))
        return dataValue(planned, "token-secret") == dataValue(existing, "token-secret")
                   ? QString()
                   : QCoreApplication::translate(
                       "kubestrap::writes",
                       "a token with this id already exists with another secret");
    if (kind == QLatin1String("ConfigMap"))
        return dataValue(planned, "kubeconfig") == dataValue(existing, "kubeconfig")
                   ? QString()
                   : QCoreApplication::translate("kubestrap::writes",
                                                 "its kubeconfig names another server or CA");
    return planned.value(QStringLiteral("rules")) == existing.value(QStringLiteral("rules"))
               ? QString()
               : QCoreApplication::translate("kubestrap::writes", "its rules differ");
}

bool updatable(const QJsonObject &planned)
{
    return kindOf(planned) != QLatin1String("Secret");
}

bool needsReplacing(const QJsonObject &planned, const QJsonObject &existing)
{
    return isBinding(planned)
           && planned.value(QStringLiteral("roleRef")) != existing.value(QStringLiteral("roleRef"));
}

QJsonObject updated(const QJsonObject &planned, QJsonObject existing)
{
    if (isBinding(planned)) {
        QJsonArray subjects = existing.value(QStringLiteral("subjects")).toArray();
        for (const QJsonValue &subject : missingSubjects(planned, existing))
            subjects.append(subject);
        existing.insert(QStringLiteral("subjects"), subjects);
    } else if (kindOf(planned) == QLatin1String("ConfigMap")) {
        QJsonObject data = existing.value(QStringLiteral("data")).toObject();
        data.insert(QStringLiteral("kubeconfig"), dataValue(planned, "kubeconfig"));
        existing.insert(QStringLiteral("data"), data);
    } else {
        existing.insert(QStringLiteral("rules"), planned.value(QStringLiteral("rules")));
    }
    return existing;
}

QJsonObject recreatable(QJsonObject object)
{
    QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    for (const char *key : {"resourceVersion", "uid", "creationTimestamp", "managedFields"})
        metadata.remove(QLatin1String(key));
    object.insert(QStringLiteral("metadata"), metadata);
    return object;
}

void createOrRetain(ApiClient &client, const QString &collection, const QJsonObject &object,
                    RetainCallback done)
{
    client.create(collection, object,
                  [done = std::move(done)](const QJsonObject &created, const ApiFailure *failure) {
                      if (failure && failure->kind == ApiFailure::Kind::AlreadyExists)
                          return done(true, {}, nullptr);
                      done(false, created, failure);
                  });
}

void replaceByRecreating(ApiClient &client, const QString &collection, const QString &path,
                         const QJsonObject &existing, const QJsonObject &replacement,
                         ReplaceCallback done)
{
    QPointer<ApiClient> api(&client);
    client.removeIfUnchanged(
        path, existing,
        [api, collection, existing, replacement, done](const QJsonObject &,
                                                       const ApiFailure *failure) {
            if (failure || !api)
                return done({}, failure, true); // nothing changed
            api->create(collection, recreatable(replacement),
                        [api, collection, existing, done](const QJsonObject &created,
                                                          const ApiFailure *failure) {
                            if (!failure || !api)
                                return done(created, failure, false);
                            const ApiFailure why = *failure;
                            api->create(collection, recreatable(existing),
                                        [why, done](const QJsonObject &, const ApiFailure *lost) {
                                            done({}, &why, !lost);
                                        });
                        });
        });
}

} // namespace kubestrap::writes
