#pragma once

#include "error.h"

#include <QByteArray>
#include <QDateTime>
#include <QStringList>

#include <chrono>

namespace kubestrap::x509 {

enum class KeyType { EcdsaP256, Rsa2048, Rsa4096, Ed25519 };

// A new private key from OpenSSL's CSPRNG, as PKCS#8 PEM.
Result<QByteArray> generatePrivateKey(KeyType type = KeyType::EcdsaP256);

// What a certificate says about its subject and use.
struct CertificateProfile {
    QString commonName;
    QStringList organizations; // Kubernetes reads these as groups
    QStringList dnsNames;
    QStringList ipAddresses;
    bool certificateAuthority = false;
    bool serverAuth = false;
    bool clientAuth = false;
    std::chrono::seconds validity = std::chrono::hours(24 * 365);
};

// A certificate for `privateKeyPem` signed by itself (a CA) or by `issuerCertificatePem` with
// `issuerKeyPem`. PEM in and out.
Result<QByteArray> selfSign(const QByteArray &privateKeyPem, const CertificateProfile &profile);
Result<QByteArray> issue(const QByteArray &publicOrPrivateKeyPem, const CertificateProfile &profile,
                         const QByteArray &issuerCertificatePem, const QByteArray &issuerKeyPem);

// A certificate's contents, as far as Kubestrap needs them.
struct CertificateInfo {
    QString commonName;
    QStringList organizations;
    QString issuerCommonName;
    QStringList dnsNames;
    QStringList ipAddresses;
    QDateTime notBefore;
    QDateTime notAfter;
    bool certificateAuthority = false;
};

// Reads a PEM certificate, or a DER one (as a TLS peer presents it).
Result<CertificateInfo> inspect(const QByteArray &certificate);

// kubeadm's CA pin: "sha256:" and the hex SHA-256 of the certificate's DER SubjectPublicKeyInfo.
Result<QString> publicKeyPin(const QByteArray &certificatePem);

} // namespace kubestrap::x509
