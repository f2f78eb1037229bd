#include "x509.h"

#include "openssl_ptr.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <arpa/inet.h>

namespace kubestrap {

namespace openssl {

QByteArray lastError()
{
    char buffer[256];
    ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
    return QByteArray(buffer);
}

} // namespace openssl

namespace x509 {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::x509", text);
}

Unexpected failed(const QString &what)
{
    return fail(what, QString::fromLatin1(openssl::lastError()));
}

openssl::Pkey readKey(const QByteArray &pem)
{
    const auto bio = openssl::readBio(pem);
    if (EVP_PKEY *key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr))
        return openssl::Pkey(key);
    const auto again = openssl::readBio(pem);
    return openssl::Pkey(PEM_read_bio_PUBKEY(again.get(), nullptr, nullptr, nullptr));
}

openssl::Certificate readCertificate(const QByteArray &bytes)
{
    const auto bio = openssl::readBio(bytes);
    if (X509 *certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        return openssl::Certificate(certificate);
    const auto *der = reinterpret_cast<const unsigned char *>(bytes.constData());
    return openssl::Certificate(d2i_X509(nullptr, &der, long(bytes.size())));
}

QByteArray toPem(X509 *certificate)
{
    openssl::Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), certificate);
    return openssl::bioContents(bio.get());
}

// `set` -1 adds the value to the name's last RDN instead of a new one.
bool addEntry(X509_NAME *name, const char *field, const QString &value, int set = 0)
{
    const QByteArray utf8 = value.toUtf8();
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(utf8.constData()),
                                      int(utf8.size()), -1, set)
           == 1;
}

bool addExtension(X509 *certificate, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    openssl::Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData()));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

QByteArray subjectAltNames(const CertificateProfile &profile)
{
    QStringList names;
    for (const QString &dns : profile.dnsNames)
        names << QStringLiteral("DNS:") + dns;
    for (const QString &ip : profile.ipAddresses)
        names << QStringLiteral("IP:") + ip;
    return names.join(QLatin1Char(',')).toLatin1();
}

// Builds and signs a certificate for `subjectKey` with `profile`, issued by `issuer` (the
// certificate itself when null) and signed with `signingKey`.
// `asGoEncodes`: the organizations in one multi-valued RDN, as Go's crypto/x509 writes a subject
// (DER then sorts them), so that a certificate signed here lists its groups as one from
// kube-controller-manager's signer does.
Result<QByteArray> build(EVP_PKEY *subjectKey, const CertificateProfile &profile, X509 *issuer,
                         EVP_PKEY *signingKey, bool asGoEncodes = false)
{
    openssl::Certificate certificate(X509_new());
    X509_set_version(certificate.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f; // a positive serial number, as RFC 5280 asks
    BIGNUM *number = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate.get()));
    BN_free(number);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -long(profile.backdate.count()));
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()),
                    long(profile.validity.count() - profile.backdate.count()));
    X509_set_pubkey(certificate.get(), subjectKey);

    openssl::Name name(X509_NAME_new());
    for (qsizetype i = 0; i < profile.organizations.size(); ++i)
        addEntry(name.get(), "O", profile.organizations[i], asGoEncodes && i > 0 ? -1 : 0);
    if (!profile.commonName.isEmpty())
        addEntry(name.get(), "CN", profile.commonName);
    X509_set_subject_name(certificate.get(), name.get());
    X509 *issuedBy = issuer ? issuer : certificate.get();
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(issuedBy));

    QByteArray usage = profile.certificateAuthority
                           ? "critical,digitalSignature,keyEncipherment,keyCertSign"
                           : "critical,digitalSignature,keyEncipherment";
    QStringList extendedUsage;
    if (profile.serverAuth)
        extendedUsage << QStringLiteral("serverAuth");
    if (profile.clientAuth)
        extendedUsage << QStringLiteral("clientAuth");
    bool ok = addExtension(certificate.get(), issuedBy, NID_basic_constraints,
                           profile.certificateAuthority ? "critical,CA:TRUE" : "critical,CA:FALSE")
              && addExtension(certificate.get(), issuedBy, NID_key_usage, usage)
              && addExtension(certificate.get(), issuedBy, NID_subject_key_identifier, "hash");
    if (ok && issuer)
        ok =
            addExtension(certificate.get(), issuedBy, NID_authority_key_identifier, "keyid:always");
    if (ok && !extendedUsage.isEmpty())
        ok = addExtension(certificate.get(), issuedBy, NID_ext_key_usage,
                          extendedUsage.join(QLatin1Char(',')).toLatin1());
    if (ok && !(profile.dnsNames.isEmpty() && profile.ipAddresses.isEmpty()))
        ok = addExtension(certificate.get(), issuedBy, NID_subject_alt_name,
                          subjectAltNames(profile));
    if (!ok)
        return failed(tr("cannot describe the certificate for '%1'").arg(profile.commonName));

    const bool edwards = EVP_PKEY_get_id(signingKey) == EVP_PKEY_ED25519;
    if (X509_sign(certificate.get(), signingKey, edwards ? nullptr : EVP_sha256()) <= 0)
        return failed(tr("cannot sign the certificate for '%1'").arg(profile.commonName));
    return toPem(certificate.get());
}

QStringList entries(const X509_NAME *name, int nid)
{
    QStringList values;
    for (int i = X509_NAME_get_index_by_NID(name, nid, -1); i >= 0;
         i = X509_NAME_get_index_by_NID(name, nid, i)) {
        unsigned char *utf8 = nullptr;
        const int length =
            ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
        if (length >= 0)
            values << QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
        OPENSSL_free(utf8);
    }
    return values;
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    tm parsed{};
    if (ASN1_TIME_to_tm(time, &parsed) != 1)
        return {};
    return QDateTime(QDate(parsed.tm_year + 1900, parsed.tm_mon + 1, parsed.tm_mday),
                     QTime(parsed.tm_hour, parsed.tm_min, parsed.tm_sec), Qt::UTC);
}

using Request = std::unique_ptr<X509_REQ, openssl::Deleter<X509_REQ, X509_REQ_free>>;

Request readRequest(const QByteArray &pem)
{
    const auto bio = openssl::readBio(pem);
    return Request(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
}

QString describeKey(EVP_PKEY *key)
{
    if (!key) // a public key OpenSSL cannot read (a hostile or broken certificate)
        return QCoreApplication::translate("kubestrap::x509", "unreadable key");
    switch (EVP_PKEY_get_id(key)) {
    case EVP_PKEY_RSA:
        return QStringLiteral("RSA %1").arg(EVP_PKEY_get_bits(key));
    case EVP_PKEY_EC: {
        char curve[64] = {};
        size_t length = 0;
        EVP_PKEY_get_utf8_string_param(key, "group", curve, sizeof curve, &length);
        const QString name = QString::fromLatin1(curve);
        return QStringLiteral("ECDSA %1")
            .arg(name == QLatin1String("prime256v1")  ? QStringLiteral("P-256")
                 : name == QLatin1String("secp384r1") ? QStringLiteral("P-384")
                                                      : name);
    }
    case EVP_PKEY_ED25519:
        return QStringLiteral("Ed25519");
    }
    return QStringLiteral("unknown");
}

// The DNS and IP names of a GENERAL_NAMES list.
QString textOf(const ASN1_STRING *text)
{
    return QString::fromLatin1(reinterpret_cast<const char *>(ASN1_STRING_get0_data(text)),
                               ASN1_STRING_length(text));
}

// The subject alternative names by kind; `emails` and `uris` only when asked for.
void collectNames(const GENERAL_NAMES *names, QStringList &dns, QStringList &ips,
                  QStringList *emails = nullptr, QStringList *uris = nullptr)
{
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
        if (name->type == GEN_DNS) {
            dns << textOf(name->d.dNSName);
        } else if (name->type == GEN_EMAIL && emails) {
            *emails << textOf(name->d.rfc822Name);
        } else if (name->type == GEN_URI && uris) {
            *uris << textOf(name->d.uniformResourceIdentifier);
        } else if (name->type == GEN_IPADD) {
            const int length = ASN1_STRING_length(name->d.iPAddress);
            char text[INET6_ADDRSTRLEN] = {};
            if ((length == 4 || length == 16)
                && inet_ntop(length == 4 ? AF_INET : AF_INET6,
                             ASN1_STRING_get0_data(name->d.iPAddress), text, sizeof text))
                ips << QString::fromLatin1(text);
        }
    }
}

} // namespace

Result<QByteArray> generatePrivateKey(KeyType type)
{
    EVP_PKEY *key = nullptr;
    switch (type) {
    case KeyType::EcdsaP256:
        key = EVP_EC_gen("P-256");
        break;
    case KeyType::Rsa2048:
        key = EVP_RSA_gen(2048);
        break;
    case KeyType::Rsa4096:
        key = EVP_RSA_gen(4096);
        break;
    case KeyType::Ed25519:
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    }
    const openssl::Pkey owned(key);
    if (!owned)
        return failed(tr("cannot generate a private key"));
    openssl::Bio bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(bio.get(), owned.get(), nullptr, nullptr, 0, nullptr, nullptr)
        != 1)
        return failed(tr("cannot encode the private key"));
    return openssl::bioContents(bio.get());
}

Result<QByteArray> selfSign(const QByteArray &privateKeyPem, const CertificateProfile &profile)
{
    const openssl::Pkey key = readKey(privateKeyPem);
    if (!key)
        return failed(tr("the private key cannot be read"));
    return build(key.get(), profile, nullptr, key.get());
}

Result<QByteArray> issue(const QByteArray &publicOrPrivateKeyPem, const CertificateProfile &profile,
                         const QByteArray &issuerCertificatePem, const QByteArray &issuerKeyPem)
{
    const openssl::Pkey subject = readKey(publicOrPrivateKeyPem);
    const openssl::Pkey issuerKey = readKey(issuerKeyPem);
    const openssl::Certificate issuer = readCertificate(issuerCertificatePem);
    if (!subject || !issuerKey || !issuer)
        return failed(tr("the key or the issuing CA cannot be read"));
    return build(subject.get(), profile, issuer.get(), issuerKey.get());
}

Result<CertificateInfo> inspect(const QByteArray &certificateBytes)
{
    const openssl::Certificate certificate = readCertificate(certificateBytes);
    if (!certificate)
        return failed(tr("this is not an X.509 certificate"));
    CertificateInfo info;
    const X509_NAME *subject = X509_get_subject_name(certificate.get());
    info.commonName = entries(subject, NID_commonName).value(0);
    info.organizations = entries(subject, NID_organizationName);
    info.issuerCommonName =
        entries(X509_get_issuer_name(certificate.get()), NID_commonName).value(0);
    info.notBefore = toDateTime(X509_get0_notBefore(certificate.get()));
    info.notAfter = toDateTime(X509_get0_notAfter(certificate.get()));
    info.certificateAuthority = X509_check_ca(certificate.get()) > 0;
    info.keyType = describeKey(X509_get0_pubkey(certificate.get()));
    const openssl::GeneralNames names(static_cast<GENERAL_NAMES *>(
        X509_get_ext_d2i(certificate.get(), NID_subject_alt_name, nullptr, nullptr)));
    collectNames(names.get(), info.dnsNames, info.ipAddresses);
    return info;
}

Result<RequestInfo> inspectRequest(const QByteArray &requestPem)
{
    const Request request = readRequest(requestPem);
    if (!request)
        return failed(tr("this is not a PEM certificate signing request"));
    EVP_PKEY *key = X509_REQ_get0_pubkey(request.get());
    if (!key || X509_REQ_verify(request.get(), key) != 1)
        return failed(
            tr("the request's signature does not verify: its sender may not hold the key"));
    RequestInfo info;
    const X509_NAME *subject = X509_REQ_get_subject_name(request.get());
    info.commonName = entries(subject, NID_commonName).value(0);
    info.organizations = entries(subject, NID_organizationName);
    info.keyType = describeKey(key);
    STACK_OF(X509_EXTENSION) *extensions = X509_REQ_get_extensions(request.get());
    const openssl::GeneralNames names(static_cast<GENERAL_NAMES *>(
        X509V3_get_d2i(extensions, NID_subject_alt_name, nullptr, nullptr)));
    collectNames(names.get(), info.dnsNames, info.ipAddresses, &info.emailAddresses, &info.uris);
    sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
    return info;
}

Result<QByteArray> createRequest(const QByteArray &privateKeyPem, const CertificateProfile &profile)
{
    const openssl::Pkey key = readKey(privateKeyPem);
    if (!key)
        return failed(tr("the private key cannot be read"));
    const Request request(X509_REQ_new());
    X509_REQ_set_version(request.get(), 0);
    openssl::Name name(X509_NAME_new());
    for (const QString &organization : profile.organizations)
        addEntry(name.get(), "O", organization);
    if (!profile.commonName.isEmpty())
        addEntry(name.get(), "CN", profile.commonName);
    X509_REQ_set_subject_name(request.get(), name.get());
    X509_REQ_set_pubkey(request.get(), key.get());
    if (!profile.dnsNames.isEmpty() || !profile.ipAddresses.isEmpty()) {
        STACK_OF(X509_EXTENSION) *extensions = sk_X509_EXTENSION_new_null();
        X509_EXTENSION *san = X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name,
                                                  subjectAltNames(profile).constData());
        sk_X509_EXTENSION_push(extensions, san);
        X509_REQ_add_extensions(request.get(), extensions);
        sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
    }
    const bool edwards = EVP_PKEY_get_id(key.get()) == EVP_PKEY_ED25519;
    if (X509_REQ_sign(request.get(), key.get(), edwards ? nullptr : EVP_sha256()) <= 0)
        return failed(tr("cannot sign the certificate request"));
    openssl::Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509_REQ(bio.get(), request.get());
    return openssl::bioContents(bio.get());
}

Result<QByteArray> signRequest(const QByteArray &requestPem, const CertificateProfile &profile,
                               const QByteArray &issuerCertificatePem,
                               const QByteArray &issuerKeyPem)
{
    const auto info = inspectRequest(requestPem);
    if (!info)
        return unexpected(info.error());
    const Request request = readRequest(requestPem);
    const openssl::Pkey issuerKey = readKey(issuerKeyPem);
    const openssl::Certificate issuer = readCertificate(issuerCertificatePem);
    if (!issuerKey || !issuer)
        return failed(tr("the issuing CA cannot be read"));
    CertificateProfile fromRequest = profile;
    fromRequest.commonName = info->commonName;
    fromRequest.organizations = info->organizations;
    fromRequest.dnsNames = info->dnsNames;
    fromRequest.ipAddresses = info->ipAddresses;
    return build(X509_REQ_get0_pubkey(request.get()), fromRequest, issuer.get(), issuerKey.get(),
                 true);
}

Result<QString> publicKeyPin(const QByteArray &certificatePem)
{
    const openssl::Certificate certificate = readCertificate(certificatePem);
    if (!certificate)
        return failed(tr("this is not an X.509 certificate"));
    unsigned char *der = nullptr;
    const int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate.get()), &der);
    if (length <= 0)
        return failed(tr("the certificate's public key cannot be encoded"));
    const QByteArray spki(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return QStringLiteral("sha256:")
           + QString::fromLatin1(
               QCryptographicHash::hash(spki, QCryptographicHash::Sha256).toHex());
}

bool issuedBy(const QByteArray &certificate, const QByteArray &issuerCertificate)
{
    const openssl::Certificate subject = readCertificate(certificate);
    const openssl::Certificate issuer = readCertificate(issuerCertificate);
    if (!subject || !issuer)
        return false;
    // The names must chain and the issuer's key must have made the signature.
    return X509_check_issued(issuer.get(), subject.get()) == X509_V_OK
           && X509_verify(subject.get(), X509_get0_pubkey(issuer.get())) == 1;
}

bool chainLeadsTo(const QList<QByteArray> &chain, const QByteArray &caPem)
{
    for (const QByteArray &ca : certificatesIn(caPem)) {
        const openssl::Certificate trusted = readCertificate(ca);
        for (const QByteArray &presented : chain) {
            const openssl::Certificate peer = readCertificate(presented);
            if (trusted && peer && X509_cmp(trusted.get(), peer.get()) == 0)
                return true;
        }
        if (!chain.isEmpty() && issuedBy(chain.last(), ca))
            return true;
    }
    return false;
}

QByteArray toPem(const QByteArray &der)
{
    const openssl::Certificate certificate = readCertificate(der);
    return certificate ? toPem(certificate.get()) : QByteArray();
}

QList<QByteArray> certificatesIn(const QByteArray &pem)
{
    static const QByteArray begin = "-----BEGIN CERTIFICATE-----";
    static const QByteArray end = "-----END CERTIFICATE-----";
    QList<QByteArray> blocks;
    qsizetype from = 0;
    while ((from = pem.indexOf(begin, from)) >= 0) {
        const qsizetype to = pem.indexOf(end, from);
        if (to < 0)
            break;
        blocks << pem.mid(from, to + end.size() - from) + '\n';
        from = to + end.size();
    }
    return blocks;
}

} // namespace x509

} // namespace kubestrap
