#include "api_status.h"

namespace kubestrap::sandbox::status {

namespace {

QJsonObject details(const QString &plural, const QString &name)
{
    QJsonObject d;
    if (!plural.isEmpty())
        d.insert(QStringLiteral("kind"), plural);
    if (!name.isEmpty())
        d.insert(QStringLiteral("name"), name);
    return d;
}

} // namespace

ApiError make(int code, const QString &reason, const QString &message,
              const QJsonObject &detailsObject)
{
    QJsonObject body{{QStringLiteral("kind"), QStringLiteral("Status")},
                     {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                     {QStringLiteral("metadata"), QJsonObject()},
                     {QStringLiteral("status"), QStringLiteral("Failure")},
                     {QStringLiteral("message"), message},
                     {QStringLiteral("reason"), reason},
                     {QStringLiteral("code"), code}};
    if (!detailsObject.isEmpty())
        body.insert(QStringLiteral("details"), detailsObject);
    return {code, body};
}

ApiError notFound(const QString &plural, const QString &name)
{
    return make(404, QStringLiteral("NotFound"),
                QStringLiteral("%1 \"%2\" not found").arg(plural, name), details(plural, name));
}

ApiError alreadyExists(const QString &plural, const QString &name)
{
    return make(409, QStringLiteral("AlreadyExists"),
                QStringLiteral("%1 \"%2\" already exists").arg(plural, name),
                details(plural, name));
}

ApiError conflict(const QString &plural, const QString &group, const QString &name)
{
    return cannotBeFulfilled(plural, group, name,
                             QStringLiteral("the object has been modified; please apply your "
                                            "changes to the latest version and try again"));
}

ApiError cannotBeFulfilled(const QString &plural, const QString &group, const QString &name,
                           const QString &why)
{
    QJsonObject d = details(plural, name);
    if (!group.isEmpty())
        d.insert(QStringLiteral("group"), group);
    const QString resource = group.isEmpty() ? plural : plural + QLatin1Char('.') + group;
    return make(
        409, QStringLiteral("Conflict"),
        QStringLiteral("Operation cannot be fulfilled on %1 \"%2\": %3").arg(resource, name, why),
        d);
}

ApiError invalid(const QString &kind, const QString &name, const QJsonArray &causes)
{
    QStringList messages;
    for (const auto &cause : causes) {
        const QJsonObject c = cause.toObject();
        messages << c.value(QStringLiteral("field")).toString() + QStringLiteral(": ")
                        + c.value(QStringLiteral("message")).toString();
    }
    QJsonObject d = details(kind, name);
    d.insert(QStringLiteral("causes"), causes);
    const QString joined =
        messages.size() == 1
            ? messages.first()
            : QStringLiteral("[") + messages.join(QStringLiteral(", ")) + QStringLiteral("]");
    return make(422, QStringLiteral("Invalid"),
                QStringLiteral("%1 \"%2\" is invalid: %3").arg(kind, name, joined), d);
}

ApiError badRequest(const QString &message)
{
    return make(400, QStringLiteral("BadRequest"), message);
}

ApiError unauthorized()
{
    return make(401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"));
}

ApiError forbidden(const QString &user, const QString &verb, const QString &plural,
                   const QString &group, const QString &namespaceName, const QString &name)
{
    QString message = QStringLiteral("User \"%1\" cannot %2 resource \"%3\" in API group \"%4\"")
                          .arg(user, verb, plural, group);
    message += namespaceName.isEmpty()
                   ? QStringLiteral(" at the cluster scope")
                   : QStringLiteral(" in the namespace \"%1\"").arg(namespaceName);
    return forbiddenBecause(plural, group, name, message);
}

ApiError forbiddenBecause(const QString &plural, const QString &group, const QString &name,
                          const QString &why)
{
    // As apierrors.NewForbidden words it: the resource qualified by its group.
    const QString resource = group.isEmpty() ? plural : plural + QLatin1Char('.') + group;
    const QString subject =
        name.isEmpty() ? resource : QStringLiteral("%1 \"%2\"").arg(resource, name);
    QJsonObject detail = details(plural, name);
    if (!group.isEmpty())
        detail.insert(QStringLiteral("group"), group);
    return make(403, QStringLiteral("Forbidden"),
                QStringLiteral("%1 is forbidden: %2").arg(subject, why), detail);
}

ApiError gone(qint64 requested, qint64 oldest)
{
    return make(410, QStringLiteral("Expired"),
                QStringLiteral("too old resource version: %1 (%2)").arg(requested).arg(oldest));
}

ApiError pathNotFound()
{
    return make(404, QStringLiteral("NotFound"),
                QStringLiteral("the server could not find the requested resource"), QJsonObject());
}

ApiError methodNotAllowed()
{
    return make(405, QStringLiteral("MethodNotAllowed"),
                QStringLiteral("the server does not allow this method on the requested resource"));
}

ApiError internalError(const QString &message)
{
    ApiError error = make(500, QString(), message);
    error.status.remove(QStringLiteral("reason"));
    return error;
}

ApiError unsupportedMediaType()
{
    ApiError error = make(415, QStringLiteral("UnsupportedMediaType"),
                          QStringLiteral("415: Unsupported Media Type"));
    error.status.insert(QStringLiteral("details"), QJsonObject());
    return error;
}

ApiError notAcceptable(const QString &message)
{
    return make(406, QStringLiteral("NotAcceptable"), message);
}

QJsonObject deleted(const QString &plural, const QString &group, const QString &name,
                    const QString &uid)
{
    QJsonObject about = details(plural, name);
    if (!group.isEmpty())
        about.insert(QStringLiteral("group"), group);
    about.insert(QStringLiteral("uid"), uid);
    return {{QStringLiteral("kind"), QStringLiteral("Status")},
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("metadata"), QJsonObject()},
            {QStringLiteral("status"), QStringLiteral("Success")},
            {QStringLiteral("details"), about}};
}

} // namespace kubestrap::sandbox::status
