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
    // How long before now the certificate becomes valid, for clocks that lag a little; the
    // validity counts from then.
    std::chrono::seconds backdate = std::chrono::minutes(1);
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
    QString keyType; // "ECDSA P-256", "RSA 2048", "Ed25519", …
    QDateTime notBefore;
    QDateTime notAfter;
    bool certificateAuthority = false;
};

// Reads a PEM certificate, or a DER one (as a TLS peer presents it).
Result<CertificateInfo> inspect(const QByteArray &certificate);

// A PKCS#10 certificate signing request: who it asks a certificate for, and whether its
// signature proves the requester holds the key.
struct RequestInfo {
    QString commonName;
    QStringList organizations;
    QStringList dnsNames;
    QStringList ipAddresses;
    QStringList emailAddresses;
    QStringList uris;
    QString keyType; // "ECDSA P-256", "RSA 2048", "Ed25519", …
};

// Reads a PEM CSR; refuses one whose self-signature does not verify.
Result<RequestInfo> inspectRequest(const QByteArray &requestPem);

// A PKCS#10 request (PEM) for `privateKeyPem` with the subject and names of `profile`.
Result<QByteArray> createRequest(const QByteArray &privateKeyPem,
                                 const CertificateProfile &profile);

// Signs a CSR as a Kubernetes signer does: the subject and names from the request, the validity
// and uses from `profile`, issued by the CA.
Result<QByteArray> signRequest(const QByteArray &requestPem, const CertificateProfile &profile,
                               const QByteArray &issuerCertificatePem,
                               const QByteArray &issuerKeyPem);

// kubeadm's CA pin: "sha256:" and the hex SHA-256 of the certificate's DER SubjectPublicKeyInfo.
Result<QString> publicKeyPin(const QByteArray &certificatePem);

// Whether `issuerCertificate` (PEM or DER) signed `certificate` (PEM or DER).
bool issuedBy(const QByteArray &certificate, const QByteArray &issuerCertificate);

// Whether a TLS peer's chain (DER, its own certificate first) leads to a certificate of `caPem`:
// it presents one of them, or its last certificate was signed by one.
bool chainLeadsTo(const QList<QByteArray> &chain, const QByteArray &caPem);

// A DER certificate (as a TLS peer presents it) as PEM; empty when it is not one.
QByteArray toPem(const QByteArray &der);

// Each PEM certificate in a bundle (a CA file may hold several), in order.
QList<QByteArray> certificatesIn(const QByteArray &pem);

} // namespace kubestrap::x509
