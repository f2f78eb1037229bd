#include "ca_hash_command.h"

#include "x509.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::ca-hash", text);
}

int runCaHash(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Print sha256:<hex> for each certificate in a PEM file: the SHA-256 of its public key "
           "(DER SubjectPublicKeyInfo), as kubeadm join's --discovery-token-ca-cert-hash."));
    if (const auto stop = parseArguments(parser, args, io, {QStringLiteral("file")}))
        return *stop;
    const QString path = parser.positionalArguments().first();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        io.err << tr("error: cannot read %1: %2\n").arg(path, file.errorString());
        return Failure;
    }
    const QList<QByteArray> certificates = x509::certificatesIn(file.readAll());
    if (certificates.isEmpty()) {
        io.err
            << tr("error: %1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)\n").arg(path);
        return Failure;
    }
    for (const QByteArray &certificate : certificates) {
        const auto pin = x509::publicKeyPin(certificate);
        if (!pin) {
            io.err << tr("error: %1: %2\n").arg(path, pin.error().message);
            return Failure;
        }
        io.out << *pin << QLatin1Char('\n');
    }
    return Success;
}

} // namespace

Command caHashCommand()
{
    return {QStringLiteral("ca-hash"),
            tr("Print the CA pin (sha256:…) of each certificate in a PEM file"),
            runCaHash,
            {}};
}

} // namespace kubestrap::cli
