#include "kubeconfig_lint.h"

#include "kubeconfig_expiry.h"
#include "kubeconfig_view.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>
#include <map>

namespace kubestrap::lint {

namespace {

constexpr char kContext[] = "kubestrap::lint";

constexpr QFileDevice::Permissions kOthersMayRead = QFileDevice::ReadGroup | QFileDevice::ReadOther;

QString entryName(const char *list, const QString &name)
{
    return QStringLiteral("%1[%2]").arg(QLatin1String(list), name);
}

bool holdsSecrets(const Kubeconfig &config)
{
    for (const auto &[name, user] : config.users) {
        const bool provider =
            user.authProvider && user.authProvider->config
            && (user.authProvider->config->count(QStringLiteral("id-token"))
                || user.authProvider->config->count(QStringLiteral("refresh-token")));
        if (!user.token.isEmpty() || !user.password.isEmpty() || !user.clientKeyData.isEmpty()
            || provider)
            return true;
    }
    return false;
}

class Checker {
public:
    Checker(const LoadedKubeconfig &loaded, const Environment &environment)
        : loaded(loaded), environment(environment)
    {
    }

    std::vector<Finding> run()
    {
        references();
        shadowing();
        clusters();
        users();
        files();
        expired();
        return std::move(found);
    }

private:
    void add(Severity severity, const char *check, const QString &file, const QString &entry,
             const QString &problem, const QString &fix, Remedy remedy = Remedy::None)
    {
        found.push_back({severity, QLatin1String(check), file, entry, problem, fix, remedy});
    }

    void references()
    {
        const Kubeconfig &merged = loaded.merged;
        for (const auto &[name, context] : merged.contexts) {
            const bool noCluster =
                !context.cluster.isEmpty() && !merged.clusters.count(context.cluster);
            const bool noUser = !context.user.isEmpty() && !merged.users.count(context.user);
            if (!noCluster && !noUser)
                continue;
            // Whole sentences, so that a translation never joins pieces.
            const QString problem =
                noCluster && noUser
                    ? QCoreApplication::translate(
                          kContext, "names cluster %1 and user %2, which no kubeconfig file "
                                    "defines")
                          .arg(context.cluster, context.user)
                : noCluster ? QCoreApplication::translate(
                                  kContext, "names cluster %1, which no kubeconfig file defines")
                                  .arg(context.cluster)
                            : QCoreApplication::translate(
                                  kContext, "names user %1, which no kubeconfig file defines")
                                  .arg(context.user);
            add(Severity::Error, "dangling-reference", context.origin, entryName("contexts", name),
                problem,
                QCoreApplication::translate(
                    kContext, "define it, or delete the context: kubectl config delete-context %1")
                    .arg(name),
                Remedy::DeleteContext);
        }
        if (!merged.currentContext.isEmpty() && !merged.contexts.count(merged.currentContext)) {
            QString file;
            for (const KubeconfigFile &each : loaded.files)
                if (each.config.currentContext == merged.currentContext) {
                    file = each.path;
                    break;
                }
            add(Severity::Error, "dangling-reference", file, QStringLiteral("current-context"),
                QCoreApplication::translate(kContext,
                                            "names context %1, which no kubeconfig file defines")
                    .arg(merged.currentContext),
                QCoreApplication::translate(kContext,
                                            "choose another: kubectl config use-context NAME"));
        }
    }

    // kubectl takes each name from the first file that defines it; a later file's entry of the
    // same name is never used.
    void shadowing()
    {
        std::map<QString, QString> first; // "clusters[x]" -> file
        for (const KubeconfigFile &file : loaded.files) {
            QStringList entries;
            for (const auto &[name, value] : file.config.clusters)
                entries << entryName("clusters", name);
            for (const auto &[name, value] : file.config.users)
                entries << entryName("users", name);
            for (const auto &[name, value] : file.config.contexts)
                entries << entryName("contexts", name);
            for (const QString &entry : entries) {
                const auto [it, inserted] = first.emplace(entry, file.path);
                if (!inserted && it->second != file.path)
                    add(Severity::Warning, "shadowed", file.path, entry,
                        QCoreApplication::translate(
                            kContext, "is never used: %1, earlier in KUBECONFIG, defines it too")
                            .arg(it->second),
                        QCoreApplication::translate(kContext, "rename or remove one of them"));
            }
        }
    }

    void clusters()
    {
        std::map<QString, QString> byServer; // normalised server -> first cluster's name
        for (const auto &[name, cluster] : loaded.merged.clusters) {
            if (cluster.insecureSkipTlsVerify)
                add(Severity::Warning, "insecure-skip-tls-verify", cluster.origin,
                    entryName("clusters", name),
                    QCoreApplication::translate(
                        kContext,
                        "does not check the API server's certificate: anyone on the path can "
                        "read and change what is sent, credentials included"),
                    QCoreApplication::translate(
                        kContext,
                        "set its certificate-authority-data to the cluster's CA and remove "
                        "insecure-skip-tls-verify"));
            const QString server = cluster.server.trimmed().toLower();
            if (server.isEmpty())
                continue;
            const auto [it, inserted] = byServer.emplace(server, name);
            if (!inserted)
                add(Severity::Warning, "duplicate-server", cluster.origin,
                    entryName("clusters", name),
                    QCoreApplication::translate(kContext,
                                                "names the same server as cluster %1 (%2)")
                        .arg(it->second, cluster.server),
                    QCoreApplication::translate(
                        kContext, "keep one cluster entry and point the contexts at it"));
        }
    }

    void users()
    {
        for (const auto &[name, user] : loaded.merged.users) {
            const QString entry = entryName("users", name);
            if (!user.password.isEmpty())
                add(Severity::Warning, "basic-auth", user.origin, entry,
                    QCoreApplication::translate(
                        kContext,
                        "holds a basic-auth password, which kube-apiserver no longer accepts "
                        "(removed in 1.19) and which is kept in plain text"),
                    QCoreApplication::translate(
                        kContext,
                        "use a client certificate, a token or an exec plugin instead, and "
                        "remove username and password"));
            if (user.exec && !user.exec->command.isEmpty()) {
                const QString command = user.exec->command.contains(QLatin1Char('/'))
                                            ? resolveKubeconfigPath(user.exec->command, user.origin)
                                            : user.exec->command;
                if (!environment.runnable(command))
                    add(Severity::Error, "exec-plugin-missing", user.origin, entry,
                        QCoreApplication::translate(
                            kContext,
                            "runs %1 for its credential, which is not installed or not on PATH")
                            .arg(user.exec->command),
                        user.exec->installHint.trimmed().isEmpty()
                            ? QCoreApplication::translate(kContext,
                                                          "install %1, or put its folder on PATH")
                                  .arg(user.exec->command)
                            : user.exec->installHint.trimmed());
            }
            for (const QString &path : {user.clientKey, user.tokenFile}) {
                if (path.isEmpty())
                    continue;
                const QString absolute = resolveKubeconfigPath(path, user.origin);
                const auto permissions = environment.permissions(absolute);
                if (permissions && (*permissions & kOthersMayRead))
                    add(Severity::Error, "file-readable", absolute, entry,
                        QCoreApplication::translate(
                            kContext,
                            "holds a secret (a private key or token) that other users of this "
                            "machine may read"),
                        QCoreApplication::translate(kContext, "chmod 600 %1").arg(absolute),
                        Remedy::RestrictPermissions);
            }
        }
    }

    void files()
    {
        for (const KubeconfigFile &file : loaded.files) {
            const auto permissions = environment.permissions(file.path);
            if (!permissions || !(*permissions & kOthersMayRead))
                continue;
            if (holdsSecrets(file.config))
                add(Severity::Error, "secret-readable", file.path, {},
                    QCoreApplication::translate(
                        kContext,
                        "holds tokens, passwords or private keys in plain text, and other "
                        "users of this machine may read it"),
                    QCoreApplication::translate(kContext, "chmod 600 %1").arg(file.path),
                    Remedy::RestrictPermissions);
            else
                add(Severity::Warning, "file-readable", file.path, {},
                    QCoreApplication::translate(kContext,
                                                "other users of this machine may read it"),
                    QCoreApplication::translate(kContext, "chmod 600 %1").arg(file.path),
                    Remedy::RestrictPermissions);
        }
    }

    // A credential past its expiry fails every request; a CA past its expiry fails every TLS
    // handshake.
    void expired()
    {
        std::map<QString, bool> said; // one finding per user or cluster, not per context
        for (const expiry::Row &row : expiry::rowsOf(loaded.merged)) {
            if (expiry::urgencyOf(row.notAfter, environment.now) != expiry::Urgency::Expired)
                continue;
            const bool authority = row.kind == expiry::Kind::CertificateAuthority;
            const QString entry =
                authority ? entryName("clusters", row.cluster) : entryName("users", row.user);
            if (said[entry + row.subject])
                continue;
            said[entry + row.subject] = true;
            const QString origin = authority ? loaded.merged.clusters.at(row.cluster).origin
                                             : loaded.merged.users.at(row.user).origin;
            add(Severity::Error, "expired", origin, entry,
                QCoreApplication::translate(kContext, "its %1 %2 expired at %3")
                    .arg(expiry::kindName(row.kind),
                         row.subject.isEmpty() ? QString() : row.subject,
                         expiry::rfc3339(row.notAfter))
                    .simplified(),
                authority
                    ? QCoreApplication::translate(
                        kContext, "fetch the cluster's current CA into certificate-authority-data")
                    : QCoreApplication::translate(
                        kContext, "get a new credential: kubestrap-cli kubeconfig export, or ask "
                                  "the cluster's admin"));
        }
    }

    const LoadedKubeconfig &loaded;
    const Environment &environment;
    std::vector<Finding> found;
};

} // namespace

Environment systemEnvironment()
{
    Environment environment;
    environment.now = QDateTime::currentDateTimeUtc();
    environment.permissions = [](const QString &path) -> std::optional<QFileDevice::Permissions> {
        const QFileInfo info(path);
        if (!info.exists())
            return std::nullopt;
        return info.permissions();
    };
    environment.runnable = [](const QString &command) {
        if (command.contains(QLatin1Char('/')))
            return QFileInfo(command).isExecutable();
        return !QStandardPaths::findExecutable(command).isEmpty();
    };
    return environment;
}

std::vector<Finding> lint(const LoadedKubeconfig &loaded, const Environment &environment)
{
    std::vector<Finding> found = Checker(loaded, environment).run();
    std::stable_sort(found.begin(), found.end(), [](const Finding &a, const Finding &b) {
        if (a.severity != b.severity)
            return a.severity < b.severity; // errors first
        if (a.file != b.file)
            return a.file < b.file;
        return a.entry < b.entry;
    });
    return found;
}

bool hasErrors(const std::vector<Finding> &findings)
{
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding &f) { return f.severity == Severity::Error; });
}

QString severityName(Severity severity)
{
    return severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
}

} // namespace kubestrap::lint
