#include "object_names.h"

#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace kubestrap::sandbox {

namespace {

QJsonObject cause(const QString &name, const QString &why)
{
    return {{QStringLiteral("reason"), QStringLiteral("FieldValueInvalid")},
            {QStringLiteral("message"), QStringLiteral("Invalid value: \"%1\": %2").arg(name, why)},
            {QStringLiteral("field"), QStringLiteral("metadata.name")}};
}

} // namespace

QJsonArray nameProblems(const QString &plural, const QString &name)
{
    if (name.isEmpty())
        return {QJsonObject{{QStringLiteral("reason"), QStringLiteral("FieldValueRequired")},
                            {QStringLiteral("message"),
                             QStringLiteral("Required value: name or generateName is required")},
                            {QStringLiteral("field"), QStringLiteral("metadata.name")}}};
    if (plural.endsWith(QLatin1String("roles")) || plural.endsWith(QLatin1String("rolebindings"))) {
        if (name == QLatin1String(".") || name == QLatin1String("..")
            || name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('%')))
            return {cause(name,
                          QStringLiteral("may not be '.' or '..' and may not contain '/' or '%'"))};
        return {};
    }
    if (plural == QLatin1String("namespaces")) {
        static const QRegularExpression label(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
        if (name.size() > 63)
            return {cause(name, QStringLiteral("must be no more than 63 characters"))};
        if (!label.match(name).hasMatch())
            return {cause(name,
                          QStringLiteral(
                              "a lowercase RFC 1123 label must consist of lower case alphanumeric "
                              "characters or '-', and must start and end with an alphanumeric "
                              "character (e.g. 'my-name',  or '123-abc', regex used for validation "
                              "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"))};
        return {};
    }
    static const QRegularExpression subdomain(
        QStringLiteral(R"(^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)"));
    if (name.size() > 253)
        return {cause(name, QStringLiteral("must be no more than 253 characters"))};
    if (!subdomain.match(name).hasMatch())
        return {cause(
            name,
            QStringLiteral("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                           "characters, '-' or '.', and must start and end with an alphanumeric "
                           "character (e.g. 'example.com', regex used for validation is "
                           "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"))};
    return {};
}

QString generatedName(const QString &prefix)
{
    // The API server's alphabet leaves out vowels and look-alike characters.
    static const QString alphabet = QStringLiteral("bcdfghjklmnpqrstvwxz2456789");
    QString name = prefix;
    for (int i = 0; i < 5; ++i)
        name += alphabet.at(int(QRandomGenerator::global()->bounded(alphabet.size())));
    return name;
}

} // namespace kubestrap::sandbox
