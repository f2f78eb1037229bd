#include "kubeconfig_view.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::viewKubeconfig", text);
}

// kubectl prints these through base64, so bytes that encode to the marker print as the marker.
const QByteArray kDataOmitted = QByteArray::fromBase64("DATA+OMITTED");
const QString kRedacted = QStringLiteral("REDACTED");

Result<void> embed(QString &path, QByteArray &data, const QString &origin, const QString &what,
                   const QString &entry)
{
    if (path.isEmpty())
        return {};
    if (!data.isEmpty())
        return fail(
            tr("%1 has both a %2 file and %2 data; keep one (from %3)").arg(entry, what, origin));
    const QString absolute = resolveKubeconfigPath(path, origin);
    QFile file(absolute);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("%1: cannot read its %2 file %3: %4 (from %5)")
                        .arg(entry, what, absolute, file.errorString(), origin));
    data = file.readAll();
    path.clear();
    return {};
}

YamlValue str(const QString &text)
{
    return YamlValue(text);
}

YamlValue base64(const QByteArray &data)
{
    return YamlValue(QString::fromLatin1(data.toBase64()));
}

YamlValue strings(const QStringList &list)
{
    YamlValue::Sequence items;
    for (const QString &item : list)
        items.push_back(str(item));
    return YamlValue(std::move(items));
}

void putExtensions(YamlValue &into, const Extensions &extensions)
{
    if (extensions.empty())
        return; // omitempty
    YamlValue::Sequence items;
    for (const auto &[name, payload] : extensions) {
        YamlValue item(YamlValue::Mapping{});
        item.set(QStringLiteral("name"), str(name));
        item.set(QStringLiteral("extension"), payload);
        items.push_back(std::move(item));
    }
    into.set(QStringLiteral("extensions"), YamlValue(std::move(items)));
}

void putIf(YamlValue &into, const char *key, const QString &text)
{
    if (!text.isEmpty())
        into.set(QLatin1String(key), str(text));
}

void putIf(YamlValue &into, const char *key, const QByteArray &data)
{
    if (!data.isEmpty())
        into.set(QLatin1String(key), base64(data));
}

void putIf(YamlValue &into, const char *key, bool flag)
{
    if (flag)
        into.set(QLatin1String(key), YamlValue(true));
}

YamlValue clusterValue(const KubeconfigCluster &c)
{
    YamlValue v(YamlValue::Mapping{});
    v.set(QStringLiteral("server"), str(c.server));
    putIf(v, "tls-server-name", c.tlsServerName);
    putIf(v, "insecure-skip-tls-verify", c.insecureSkipTlsVerify);
    putIf(v, "certificate-authority", c.certificateAuthority);
    putIf(v, "certificate-authority-data", c.certificateAuthorityData);
    putIf(v, "proxy-url", c.proxyUrl);
    putIf(v, "disable-compression", c.disableCompression);
    putExtensions(v, c.extensions);
    return v;
}

YamlValue execValue(const ExecConfig &e)
{
    YamlValue v(YamlValue::Mapping{});
    v.set(QStringLiteral("command"), str(e.command));
    v.set(QStringLiteral("args"), e.args ? strings(*e.args) : YamlValue());
    YamlValue env;
    if (e.env) {
        YamlValue::Sequence items;
        for (const ExecEnvVar &var : *e.env) {
            YamlValue item(YamlValue::Mapping{});
            item.set(QStringLiteral("name"), str(var.name));
            item.set(QStringLiteral("value"), str(var.value));
            items.push_back(std::move(item));
        }
        env = YamlValue(std::move(items));
    }
    v.set(QStringLiteral("env"), std::move(env));
    putIf(v, "apiVersion", e.apiVersion);
    putIf(v, "installHint", e.installHint);
    v.set(QStringLiteral("provideClusterInfo"), YamlValue(e.provideClusterInfo));
    putIf(v, "interactiveMode", e.interactiveMode);
    return v;
}

YamlValue userValue(const KubeconfigUser &u)
{
    YamlValue v(YamlValue::Mapping{});
    putIf(v, "client-certificate", u.clientCertificate);
    putIf(v, "client-certificate-data", u.clientCertificateData);
    putIf(v, "client-key", u.clientKey);
    putIf(v, "client-key-data", u.clientKeyData);
    putIf(v, "token", u.token);
    putIf(v, "tokenFile", u.tokenFile);
    putIf(v, "as", u.impersonate);
    putIf(v, "as-uid", u.impersonateUid);
    if (!u.impersonateGroups.isEmpty())
        v.set(QStringLiteral("as-groups"), strings(u.impersonateGroups));
    if (!u.impersonateUserExtra.empty()) {
        YamlValue extra(YamlValue::Mapping{});
        for (const auto &[key, values] : u.impersonateUserExtra)
            extra.set(key, values ? strings(*values) : YamlValue());
        v.set(QStringLiteral("as-user-extra"), std::move(extra));
    }
    putIf(v, "username", u.username);
    putIf(v, "password", u.password);
    if (u.authProvider) {
        YamlValue provider(YamlValue::Mapping{});
        provider.set(QStringLiteral("name"), str(u.authProvider->name));
        YamlValue config;
        if (u.authProvider->config) {
            config = YamlValue(YamlValue::Mapping{});
            for (const auto &[key, value] : *u.authProvider->config)
                config.set(key, str(value));
        }
        provider.set(QStringLiteral("config"), std::move(config));
        v.set(QStringLiteral("auth-provider"), std::move(provider));
    }
    if (u.exec)
        v.set(QStringLiteral("exec"), execValue(*u.exec));
    putExtensions(v, u.extensions);
    return v;
}

YamlValue contextValue(const KubeconfigContext &c)
{
    YamlValue v(YamlValue::Mapping{});
    v.set(QStringLiteral("cluster"), str(c.cluster));
    v.set(QStringLiteral("user"), str(c.user));
    putIf(v, "namespace", c.namespaceName);
    putExtensions(v, c.extensions);
    return v;
}

template <typename Map, typename ToValue>
YamlValue namedList(const Map &entries, const char *inner, ToValue toValue)
{
    if (entries.empty())
        return YamlValue(); // kubectl prints an empty list as null
    YamlValue::Sequence items;
    for (const auto &[name, entry] : entries) {
        YamlValue item(YamlValue::Mapping{});
        item.set(QStringLiteral("name"), str(name));
        item.set(QLatin1String(inner), toValue(entry));
        items.push_back(std::move(item));
    }
    return YamlValue(std::move(items));
}

} // namespace

QString resolveKubeconfigPath(const QString &path, const QString &origin)
{
    if (path.isEmpty() || QFileInfo(path).isAbsolute())
        return path;
    return QDir::cleanPath(QFileInfo(origin).absoluteDir().filePath(path));
}

Result<void> minifyKubeconfig(Kubeconfig &config)
{
    if (config.currentContext.isEmpty())
        return fail(tr("there is no current context to keep; name one with --context"));
    const auto context = config.contexts.find(config.currentContext);
    if (context == config.contexts.end())
        return fail(tr("context '%1' does not exist").arg(config.currentContext));

    std::map<QString, KubeconfigCluster> clusters;
    if (const QString &name = context->second.cluster; !name.isEmpty()) {
        const auto cluster = config.clusters.find(name);
        if (cluster == config.clusters.end())
            return fail(
                tr("context '%1' names cluster '%2', which does not exist (context from %3)")
                    .arg(context->first, name, context->second.origin));
        clusters.insert(*cluster);
    }
    std::map<QString, KubeconfigUser> users;
    if (const QString &name = context->second.user; !name.isEmpty()) {
        const auto user = config.users.find(name);
        if (user == config.users.end())
            return fail(tr("context '%1' names user '%2', which does not exist (context from %3)")
                            .arg(context->first, name, context->second.origin));
        users.insert(*user);
    }
    config.contexts = {*context};
    config.clusters = std::move(clusters);
    config.users = std::move(users);
    return {};
}

Result<void> flattenKubeconfig(Kubeconfig &config)
{
    for (auto &[name, user] : config.users) {
        const QString entry = tr("user '%1'").arg(name);
        if (auto ok = embed(user.clientCertificate, user.clientCertificateData, user.origin,
                            tr("client-certificate"), entry);
            !ok)
            return ok;
        if (auto ok =
                embed(user.clientKey, user.clientKeyData, user.origin, tr("client-key"), entry);
            !ok)
            return ok;
    }
    for (auto &[name, cluster] : config.clusters) {
        if (auto ok =
                embed(cluster.certificateAuthority, cluster.certificateAuthorityData,
                      cluster.origin, tr("certificate-authority"), tr("cluster '%1'").arg(name));
            !ok)
            return ok;
    }
    return {};
}

void redactKubeconfig(Kubeconfig &config)
{
    for (auto &[name, user] : config.users) {
        if (!user.clientCertificateData.isEmpty())
            user.clientCertificateData = kDataOmitted;
        if (!user.clientKeyData.isEmpty())
            user.clientKeyData = kDataOmitted;
        if (!user.token.isEmpty())
            user.token = kRedacted;
        if (!user.password.isEmpty())
            user.password = kRedacted;
    }
    for (auto &[name, cluster] : config.clusters) {
        if (!cluster.certificateAuthorityData.isEmpty())
            cluster.certificateAuthorityData = kDataOmitted;
    }
}

Result<Kubeconfig> viewKubeconfig(Kubeconfig config, const ViewOptions &options)
{
    if (options.minify) {
        if (!options.context.isEmpty())
            config.currentContext = options.context;
        if (auto ok = minifyKubeconfig(config); !ok)
            return unexpected(ok.error());
    }
    if (options.flatten) {
        if (auto ok = flattenKubeconfig(config); !ok)
            return unexpected(ok.error());
    } else if (!options.raw) {
        redactKubeconfig(config);
    }
    return config;
}

YamlValue kubeconfigToValue(const Kubeconfig &config)
{
    YamlValue v(YamlValue::Mapping{});
    v.set(QStringLiteral("kind"), str(QStringLiteral("Config")));
    v.set(QStringLiteral("apiVersion"), str(QStringLiteral("v1")));
    YamlValue preferences(YamlValue::Mapping{});
    putIf(preferences, "colors", config.preferences.colors);
    putExtensions(preferences, config.preferences.extensions);
    v.set(QStringLiteral("preferences"), std::move(preferences));
    v.set(QStringLiteral("clusters"), namedList(config.clusters, "cluster", clusterValue));
    v.set(QStringLiteral("users"), namedList(config.users, "user", userValue));
    v.set(QStringLiteral("contexts"), namedList(config.contexts, "context", contextValue));
    v.set(QStringLiteral("current-context"), str(config.currentContext));
    putExtensions(v, config.extensions);
    return v;
}

} // namespace kubestrap
