#pragma once

#include "yaml_value.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace kubestrap {

// The kubeconfig v1 `Config` as kubectl understands it, after decoding: the fields client-go
// knows, maps keyed by name (kubectl sorts them by name on output). Unknown fields are not here:
// they live in the file's YamlValue, which is what edits change and writes preserve.

// Extension payloads are arbitrary JSON, keys sorted as Go sorts a map; null when absent.
using Extensions = std::map<QString, YamlValue>;

struct KubeconfigCluster {
    QString server;
    QString tlsServerName;
    bool insecureSkipTlsVerify = false;
    QString certificateAuthority;        // a path, relative to `origin`'s folder
    QByteArray certificateAuthorityData; // PEM bytes (base64 in the file)
    QString proxyUrl;
    bool disableCompression = false;
    Extensions extensions;
    QString origin; // the file it came from
};

struct ExecEnvVar {
    QString name;
    QString value;
};

// A client-go exec credential plugin (`users[].user.exec`).
struct ExecConfig {
    QString command;
    std::optional<QStringList> args; // absent and empty print differently
    std::optional<std::vector<ExecEnvVar>> env;
    QString apiVersion;
    QString installHint;
    bool provideClusterInfo = false;
    QString interactiveMode; // "Never", "IfAvailable", "Always"
};

// A legacy auth provider (`users[].user.auth-provider`), e.g. oidc.
struct AuthProvider {
    QString name;
    std::optional<std::map<QString, QString>> config;
};

struct KubeconfigUser {
    QString clientCertificate;
    QByteArray clientCertificateData;
    QString clientKey;
    QByteArray clientKeyData;
    QString token;
    QString tokenFile;
    QString impersonate;    // as
    QString impersonateUid; // as-uid
    QStringList impersonateGroups;
    std::map<QString, std::optional<QStringList>> impersonateUserExtra;
    QString username;
    QString password;
    std::optional<AuthProvider> authProvider;
    std::optional<ExecConfig> exec;
    Extensions extensions;
    QString origin;
};

struct KubeconfigContext {
    QString cluster;
    QString user;
    QString namespaceName;
    Extensions extensions;
    QString origin;
};

struct KubeconfigPreferences {
    bool colors = false;
    Extensions extensions;
};

struct Kubeconfig {
    KubeconfigPreferences preferences;
    std::map<QString, KubeconfigCluster> clusters;
    std::map<QString, KubeconfigUser> users;
    std::map<QString, KubeconfigContext> contexts;
    QString currentContext;
    Extensions extensions;
};

} // namespace kubestrap
