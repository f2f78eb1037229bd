#pragma once

#include "bootstrap_token.h"
#include "error.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <map>
#include <vector>

namespace kubestrap {

// kube-public/cluster-info: the kubeconfig a joining node reads anonymously (one cluster named
// "", its server and CA, no credentials) and a detached JWS of it per signing token.
struct ClusterInfo {
    QByteArray kubeconfig; // exactly the bytes the signatures cover
    QString clusterName;
    QString server;
    QByteArray certificateAuthorityPem;
    std::map<QString, QString> signatures; // token id → "header..signature"
    // What differs from what kubeadm writes, in words (credentials in it, several clusters, …).
    QStringList deviations;
};

inline constexpr const char *kClusterInfoNamespace = "kube-public";
inline constexpr const char *kClusterInfoName = "cluster-info";
inline constexpr const char *kSignaturePrefix = "jws-kubeconfig-";

// Reads the ConfigMap; fails when it holds no kubeconfig a node could use.
Result<ClusterInfo> decodeClusterInfo(const QJsonObject &configMap);

// The kubeconfig kubeadm writes into cluster-info, byte for byte (client-go's YAML of a Config
// with one cluster named "").
QByteArray clusterInfoKubeconfig(const QString &server, const QByteArray &certificateAuthorityPem);

// The ConfigMap holding `kubeconfig`, without signatures (the BootstrapSigner adds those).
QJsonObject clusterInfoConfigMap(const QByteArray &kubeconfig);

// One signature, or one token that should have signed, and what was found.
struct SignatureCheck {
    enum class State {
        Valid,        // it verifies with its token
        Invalid,      // it does not (reason says why)
        UnknownToken, // no signing token with that id is readable (deleted, or not ours to read)
        Missing,      // a valid signing token with no signature: the signer is not running
        ExpiredToken, // signed by a token that has expired (the TokenCleaner removes both)
    };
    QString tokenId;
    State state;
    QString reason;
};

// Checks every signature against the tokens given, and every valid signing token for its
// signature, as `cluster-info verify` reports them; in token id order.
std::vector<SignatureCheck> checkSignatures(const ClusterInfo &info,
                                            const std::vector<BootstrapToken> &tokens,
                                            const QDateTime &now);

} // namespace kubestrap
