#include "kubeconfig_decoder.h"

#include <QCoreApplication>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::decodeKubeconfig", text);
}

// "clusters[0].cluster" + "server": the path an error message names.
QString field(const QString &path, const char *key)
{
    return path + QLatin1Char('.') + QLatin1String(key);
}

// Reads typed fields out of YamlValues, remembering only the first error: like Go's decoder we
// refuse the whole file for one bad field, and the first one is what the user fixes first.
class Decoder {
public:
    std::optional<Error> error;

    bool failed() const { return error.has_value(); }

    void failAt(const YamlValue &value, const QString &path, const QString &problem)
    {
        if (error)
            return;
        error = Error{tr("line %1, column %2: %3 %4")
                          .arg(value.mark.line)
                          .arg(value.mark.column)
                          .arg(path, problem),
                      {}};
    }

    void wrongType(const YamlValue &value, const QString &path, const QString &expected)
    {
        failAt(value, path, tr("must be %1, not %2").arg(expected, value.kindName()));
    }

    // A mapping's members, or null (and an error unless the value is null) for anything else.
    const YamlValue::Mapping *object(const YamlValue *value, const QString &path)
    {
        if (!value || value->isNull())
            return nullptr;
        if (!value->mapping())
            wrongType(*value, path, tr("a mapping"));
        return value->mapping();
    }

    const YamlValue::Sequence *list(const YamlValue *value, const QString &path)
    {
        if (!value || value->isNull())
            return nullptr;
        if (!value->sequence())
            wrongType(*value, path, tr("a list"));
        return value->sequence();
    }

    void string(const YamlValue *value, const QString &path, QString &out)
    {
        if (!value || value->isNull())
            return;
        if (const QString *text = value->string())
            out = *text;
        else
            wrongType(*value, path, tr("a string"));
    }

    void boolean(const YamlValue *value, const QString &path, bool &out)
    {
        if (!value || value->isNull())
            return;
        if (const bool *flag = std::get_if<bool>(&value->data))
            out = *flag;
        else
            wrongType(*value, path, tr("true or false"));
    }

    void bytes(const YamlValue *value, const QString &path, QByteArray &out)
    {
        if (!value || value->isNull())
            return;
        const QString *text = value->string();
        if (!text)
            return wrongType(*value, path, tr("base64 text"));
        const auto decoded = decodeStdBase64(*text);
        if (!decoded)
            return failAt(*value, path, tr("is not valid base64"));
        out = *decoded;
    }

    std::optional<QStringList> strings(const YamlValue *value, const QString &path)
    {
        const YamlValue::Sequence *items = list(value, path);
        if (!items)
            return std::nullopt;
        QStringList out;
        for (size_t i = 0; i < items->size(); ++i) {
            QString item;
            string(&(*items)[i], QStringLiteral("%1[%2]").arg(path).arg(i), item);
            out << item;
        }
        return out;
    }

    Extensions extensions(const YamlValue *value, const QString &path)
    {
        Extensions out;
        const YamlValue::Sequence *items = list(value, path);
        if (!items)
            return out;
        for (size_t i = 0; i < items->size(); ++i) {
            const QString itemPath = QStringLiteral("%1[%2]").arg(path).arg(i);
            const YamlValue &item = (*items)[i];
            object(&item, itemPath);
            QString name;
            string(item.member(u"name"), itemPath + QStringLiteral(".name"), name);
            YamlValue payload;
            if (const YamlValue *extension = item.member(u"extension")) {
                payload = *extension;
                payload.sortKeys();
            }
            if (!out.emplace(name, std::move(payload)).second)
                failAt(item, itemPath, tr("repeats the extension name '%1'").arg(name));
        }
        return out;
    }

    template <typename Entry, typename Decode>
    std::map<QString, Entry> namedList(const YamlValue &root, const QString &key,
                                       const QString &inner, Decode decode)
    {
        std::map<QString, Entry> out;
        const YamlValue::Sequence *items = list(root.member(key), key);
        if (!items)
            return out;
        for (size_t i = 0; i < items->size(); ++i) {
            const QString itemPath = QStringLiteral("%1[%2]").arg(key).arg(i);
            const YamlValue &item = (*items)[i];
            object(&item, itemPath);
            QString name;
            string(item.member(u"name"), itemPath + QStringLiteral(".name"), name);
            const YamlValue *body = item.member(inner);
            object(body, itemPath + QLatin1Char('.') + inner);
            Entry entry = decode(body ? *body : YamlValue(), itemPath + QLatin1Char('.') + inner);
            if (!out.emplace(name, std::move(entry)).second) {
                failAt(item, itemPath,
                       tr("repeats the name '%1'; kubectl refuses a file with two entries of one "
                          "name in a list")
                           .arg(name));
            }
        }
        return out;
    }

    KubeconfigCluster cluster(const YamlValue &v, const QString &path)
    {
        KubeconfigCluster c;
        string(v.member(u"server"), field(path, "server"), c.server);
        string(v.member(u"tls-server-name"), field(path, "tls-server-name"), c.tlsServerName);
        boolean(v.member(u"insecure-skip-tls-verify"), field(path, "insecure-skip-tls-verify"),
                c.insecureSkipTlsVerify);
        string(v.member(u"certificate-authority"), field(path, "certificate-authority"),
               c.certificateAuthority);
        bytes(v.member(u"certificate-authority-data"), field(path, "certificate-authority-data"),
              c.certificateAuthorityData);
        string(v.member(u"proxy-url"), field(path, "proxy-url"), c.proxyUrl);
        boolean(v.member(u"disable-compression"), field(path, "disable-compression"),
                c.disableCompression);
        c.extensions = extensions(v.member(u"extensions"), field(path, "extensions"));
        return c;
    }

    KubeconfigContext context(const YamlValue &v, const QString &path)
    {
        KubeconfigContext c;
        string(v.member(u"cluster"), field(path, "cluster"), c.cluster);
        string(v.member(u"user"), field(path, "user"), c.user);
        string(v.member(u"namespace"), field(path, "namespace"), c.namespaceName);
        c.extensions = extensions(v.member(u"extensions"), field(path, "extensions"));
        return c;
    }

    ExecConfig exec(const YamlValue &v, const QString &path)
    {
        ExecConfig e;
        string(v.member(u"command"), field(path, "command"), e.command);
        e.args = strings(v.member(u"args"), field(path, "args"));
        if (const YamlValue::Sequence *items = list(v.member(u"env"), field(path, "env"))) {
            e.env.emplace();
            for (size_t i = 0; i < items->size(); ++i) {
                const QString itemPath = QStringLiteral("%1[%2]").arg(field(path, "env")).arg(i);
                const YamlValue &item = (*items)[i];
                object(&item, itemPath);
                ExecEnvVar var;
                string(item.member(u"name"), itemPath + QStringLiteral(".name"), var.name);
                string(item.member(u"value"), itemPath + QStringLiteral(".value"), var.value);
                e.env->push_back(var);
            }
        }
        string(v.member(u"apiVersion"), field(path, "apiVersion"), e.apiVersion);
        string(v.member(u"installHint"), field(path, "installHint"), e.installHint);
        boolean(v.member(u"provideClusterInfo"), field(path, "provideClusterInfo"),
                e.provideClusterInfo);
        string(v.member(u"interactiveMode"), field(path, "interactiveMode"), e.interactiveMode);
        // client-go's defaulting: the older plugin APIs may prompt unless told otherwise.
        if (e.interactiveMode.isEmpty()
            && (e.apiVersion == QLatin1String("client.authentication.k8s.io/v1beta1")
                || e.apiVersion == QLatin1String("client.authentication.k8s.io/v1alpha1")))
            e.interactiveMode = QStringLiteral("IfAvailable");
        return e;
    }

    AuthProvider authProvider(const YamlValue &v, const QString &path)
    {
        AuthProvider a;
        string(v.member(u"name"), path + QStringLiteral(".name"), a.name);
        const QString configPath = path + QStringLiteral(".config");
        if (const YamlValue::Mapping *members = object(v.member(u"config"), configPath)) {
            a.config.emplace();
            for (const auto &[key, value] : *members)
                string(&value, configPath + QLatin1Char('.') + key, (*a.config)[key]);
        }
        return a;
    }

    KubeconfigUser user(const YamlValue &v, const QString &path)
    {
        KubeconfigUser u;
        string(v.member(u"client-certificate"), field(path, "client-certificate"),
               u.clientCertificate);
        bytes(v.member(u"client-certificate-data"), field(path, "client-certificate-data"),
              u.clientCertificateData);
        string(v.member(u"client-key"), field(path, "client-key"), u.clientKey);
        bytes(v.member(u"client-key-data"), field(path, "client-key-data"), u.clientKeyData);
        string(v.member(u"token"), field(path, "token"), u.token);
        string(v.member(u"tokenFile"), field(path, "tokenFile"), u.tokenFile);
        string(v.member(u"as"), field(path, "as"), u.impersonate);
        string(v.member(u"as-uid"), field(path, "as-uid"), u.impersonateUid);
        u.impersonateGroups =
            strings(v.member(u"as-groups"), field(path, "as-groups")).value_or(QStringList());
        if (const YamlValue::Mapping *extra =
                object(v.member(u"as-user-extra"), field(path, "as-user-extra"))) {
            for (const auto &[key, values] : *extra)
                u.impersonateUserExtra[key] =
                    strings(&values, field(path, "as-user-extra") + QLatin1Char('.') + key);
        }
        string(v.member(u"username"), field(path, "username"), u.username);
        string(v.member(u"password"), field(path, "password"), u.password);
        if (const YamlValue *provider = v.member(u"auth-provider");
            provider && !provider->isNull()) {
            object(provider, field(path, "auth-provider"));
            u.authProvider = authProvider(*provider, field(path, "auth-provider"));
        }
        if (const YamlValue *plugin = v.member(u"exec"); plugin && !plugin->isNull()) {
            object(plugin, field(path, "exec"));
            u.exec = exec(*plugin, field(path, "exec"));
        }
        u.extensions = extensions(v.member(u"extensions"), field(path, "extensions"));
        return u;
    }

    void checkKind(const YamlValue &root)
    {
        QString apiVersion;
        QString kind;
        string(root.member(u"apiVersion"), QStringLiteral("apiVersion"), apiVersion);
        string(root.member(u"kind"), QStringLiteral("kind"), kind);
        const bool versionOk = apiVersion.isEmpty() || apiVersion == QLatin1String("v1");
        const bool kindOk = kind.isEmpty() || kind == QLatin1String("Config");
        if (!failed() && (!versionOk || !kindOk)) {
            failAt(versionOk ? *root.member(u"kind") : *root.member(u"apiVersion"),
                   QStringLiteral("apiVersion/kind"),
                   tr("say %1 %2, but a kubeconfig is apiVersion v1, kind Config")
                       .arg(apiVersion.isEmpty() ? QStringLiteral("v1") : apiVersion,
                            kind.isEmpty() ? QStringLiteral("Config") : kind));
        }
    }
};

template <typename Map>
void setOrigin(Map &entries, const QString &origin)
{
    for (auto &entry : entries)
        entry.second.origin = origin;
}

} // namespace

std::optional<QByteArray> decodeStdBase64(const QString &text)
{
    QByteArray compact;
    compact.reserve(text.size());
    for (const QChar c : text) {
        if (c != QLatin1Char('\n') && c != QLatin1Char('\r'))
            compact += c.unicode() < 128 ? char(c.unicode()) : '!'; // '!' is never valid
    }
    if (compact.size() % 4 != 0)
        return std::nullopt;
    for (qsizetype i = 0; i < compact.size(); ++i) {
        const char c = compact[i];
        const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                              || (c >= '0' && c <= '9') || c == '+' || c == '/';
        const bool padding = c == '=' && i >= compact.size() - 2
                             && (i == compact.size() - 1 || compact[i + 1] == '=');
        if (!alphabet && !padding)
            return std::nullopt;
    }
    return QByteArray::fromBase64(compact);
}

Result<Kubeconfig> decodeKubeconfig(const YamlValue &root, const QString &origin)
{
    Kubeconfig config;
    if (root.isNull())
        return config;
    Decoder d;
    if (!root.mapping()) {
        return fail(tr("line %1, column %2: a kubeconfig must be a mapping (apiVersion, kind, "
                       "clusters, …), not %3")
                        .arg(root.mark.line)
                        .arg(root.mark.column)
                        .arg(root.kindName()));
    }
    d.checkKind(root);
    if (d.object(root.member(u"preferences"), QStringLiteral("preferences"))) {
        const YamlValue &p = *root.member(u"preferences");
        d.boolean(p.member(u"colors"), QStringLiteral("preferences.colors"),
                  config.preferences.colors);
        config.preferences.extensions =
            d.extensions(p.member(u"extensions"), QStringLiteral("preferences.extensions"));
    }
    config.clusters = d.namedList<KubeconfigCluster>(
        root, QStringLiteral("clusters"), QStringLiteral("cluster"),
        [&](const YamlValue &v, const QString &path) { return d.cluster(v, path); });
    config.users = d.namedList<KubeconfigUser>(
        root, QStringLiteral("users"), QStringLiteral("user"),
        [&](const YamlValue &v, const QString &path) { return d.user(v, path); });
    config.contexts = d.namedList<KubeconfigContext>(
        root, QStringLiteral("contexts"), QStringLiteral("context"),
        [&](const YamlValue &v, const QString &path) { return d.context(v, path); });
    d.string(root.member(u"current-context"), QStringLiteral("current-context"),
             config.currentContext);
    config.extensions = d.extensions(root.member(u"extensions"), QStringLiteral("extensions"));
    if (d.error)
        return unexpected(*d.error);
    setOrigin(config.clusters, origin);
    setOrigin(config.users, origin);
    setOrigin(config.contexts, origin);
    return config;
}

} // namespace kubestrap
