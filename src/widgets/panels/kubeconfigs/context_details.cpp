#include "context_details.h"

#include "context_summary.h"
#include "kubeconfig_view.h"
#include "palette_colors.h"

#include <QCoreApplication>
#include <QGuiApplication>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::contextDetailsHtml", text);
}

const QString kMask = QStringLiteral("••••••••");

class Html {
public:
    void heading(const QString &text)
    {
        out += QStringLiteral("<h3>%1</h3><table>").arg(text.toHtmlEscaped());
    }
    void row(const QString &label, const QString &value, bool warning = false)
    {
        if (value.isEmpty())
            return;
        out +=
            QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td%3>%2</td></tr>")
                .arg(label.toHtmlEscaped(), value.toHtmlEscaped(),
                     warning ? QStringLiteral(" style='color:%1'").arg(warningColor()) : QString());
    }
    void end() { out += QStringLiteral("</table>"); }
    void warning(const QString &text)
    {
        out +=
            QStringLiteral("<p style='color:%2'>%1</p>").arg(text.toHtmlEscaped(), warningColor());
    }
    // The theme's readable red, as CSS.
    static QString warningColor() { return warningTextColor(QGuiApplication::palette()).name(); }
    QString out;
};

QString secret(const QString &value, bool reveal)
{
    return value.isEmpty() ? QString() : reveal ? value : kMask;
}

QString fileOrData(const QString &path, const QByteArray &data, const QString &origin,
                   const QString &what)
{
    if (!data.isEmpty())
        return tr("embedded %1 (%2 bytes)").arg(what).arg(data.size());
    if (!path.isEmpty())
        return resolveKubeconfigPath(path, origin);
    return {};
}

void describeCluster(Html &html, const QString &name, const KubeconfigCluster &c)
{
    html.heading(tr("Cluster %1").arg(name));
    html.row(tr("Server"), c.server);
    html.row(tr("TLS server name"), c.tlsServerName);
    if (c.insecureSkipTlsVerify)
        html.row(tr("Certificate check"),
                 tr("OFF: insecure-skip-tls-verify is set; anyone on the path can "
                    "impersonate this server"),
                 true);
    else {
        const QString authority = fileOrData(c.certificateAuthority, c.certificateAuthorityData,
                                             c.origin, tr("CA certificate"));
        html.row(tr("Certificate authority"),
                 authority.isEmpty() ? tr("the system's trusted authorities") : authority);
    }
    html.row(tr("Proxy"), c.proxyUrl);
    html.row(tr("Defined in"), c.origin);
    html.end();
}

void describeUser(Html &html, const QString &name, const KubeconfigUser &u, bool reveal)
{
    html.heading(tr("User %1").arg(name));
    html.row(tr("Credential"), describeCredential(u));
    html.row(tr("Client certificate"),
             fileOrData(u.clientCertificate, u.clientCertificateData, u.origin, tr("certificate")));
    html.row(tr("Client key"),
             fileOrData(u.clientKey, u.clientKeyData, u.origin, tr("private key")));
    html.row(tr("Token"), secret(u.token, reveal));
    html.row(tr("Token file"), resolveKubeconfigPath(u.tokenFile, u.origin));
    html.row(tr("Username"), u.username);
    html.row(tr("Password"), secret(u.password, reveal));
    if (u.exec) {
        html.row(tr("Plugin command"),
                 (QStringList{u.exec->command} + u.exec->args.value_or(QStringList()))
                     .join(QLatin1Char(' ')));
        html.row(tr("Plugin API"), u.exec->apiVersion);
        html.row(tr("If it is missing"), u.exec->installHint.trimmed());
    }
    if (u.authProvider && u.authProvider->config) {
        for (const auto &[key, value] : *u.authProvider->config) {
            const bool sensitive =
                key.contains(QLatin1String("token")) || key.contains(QLatin1String("secret"));
            html.row(tr("%1 (%2)").arg(key, u.authProvider->name),
                     sensitive ? secret(value, reveal) : value);
        }
    }
    html.row(tr("Acts as"), u.impersonate);
    html.row(tr("Acts in groups"), u.impersonateGroups.join(QStringLiteral(", ")));
    html.row(tr("Defined in"), u.origin);
    html.end();
}

} // namespace

QString contextDetailsHtml(const Kubeconfig &config, const QString &contextName, bool revealSecrets)
{
    const auto context = config.contexts.find(contextName);
    if (context == config.contexts.end())
        return {};
    const KubeconfigContext &c = context->second;
    Html html;
    html.heading(tr("Context %1").arg(contextName));
    html.row(tr("Namespace"), c.namespaceName.isEmpty() ? tr("default") : c.namespaceName);
    html.row(tr("Defined in"), c.origin);
    html.end();

    if (const auto cluster = config.clusters.find(c.cluster); cluster != config.clusters.end())
        describeCluster(html, c.cluster, cluster->second);
    else if (!c.cluster.isEmpty())
        html.warning(tr("Cluster '%1' is not defined in any kubeconfig file: this context "
                        "cannot be used until it is.")
                         .arg(c.cluster));
    if (const auto user = config.users.find(c.user); user != config.users.end())
        describeUser(html, c.user, user->second, revealSecrets);
    else if (!c.user.isEmpty())
        html.warning(tr("User '%1' is not defined in any kubeconfig file: this context "
                        "cannot be used until it is.")
                         .arg(c.user));
    return html.out;
}

} // namespace kubestrap
