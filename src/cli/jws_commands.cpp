#include "jws_commands.h"

#include "bootstrap_token.h"
#include "jws.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <cstdio>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::jws", text);
}

QCommandLineOption tokenOption()
{
    return {QStringLiteral("token"), tr("The signing token, id.secret."), tr("token")};
}

QCommandLineOption fileOption()
{
    return {QStringLiteral("file"),
            tr("The signed content (the kubeconfig in cluster-info); standard input by default."),
            tr("file")};
}

// The token and the content both commands need, or the exit code when they cannot be had.
struct Input {
    BootstrapToken token;
    QByteArray content;
};

std::variant<Input, int> readInput(const QCommandLineParser &parser, Io &io)
{
    if (!parser.isSet(QStringLiteral("token"))) {
        io.err << tr("error: give the signing token with --token ID.SECRET\n");
        return UsageError;
    }
    const auto token = BootstrapToken::parse(parser.value(QStringLiteral("token")));
    if (!token) {
        io.err << tr("error: --token: %1\n").arg(token.error().message);
        return UsageError;
    }
    QFile file;
    const QString path = parser.value(QStringLiteral("file"));
    const bool opened = path.isEmpty() ? file.open(stdin, QIODevice::ReadOnly)
                                       : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        io.err << tr("error: cannot read %1: %2\n")
                      .arg(path.isEmpty() ? tr("standard input") : path, file.errorString());
        return Failure;
    }
    return Input{*token, file.readAll()};
}

int runSign(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Print the detached JWS the BootstrapSigner would write for this content and token "
           "(header..signature, HS256, kid = the token id)."));
    parser.addOptions({tokenOption(), fileOption()});
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const auto input = readInput(parser, io);
    if (const int *code = std::get_if<int>(&input))
        return *code;
    const auto &[token, content] = std::get<Input>(input);
    io.out << jws::detachedSignature(content, token.id, token.secret) << QLatin1Char('\n');
    return Success;
}

int runVerify(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Check a detached JWS as a joining node does. Exit 0 when it is valid, 1 when not, "
           "with the reason."));
    const QCommandLineOption signature(QStringLiteral("signature"),
                                       tr("The signature, header..signature."), tr("jws"));
    parser.addOptions({tokenOption(), signature, fileOption()});
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    if (!parser.isSet(signature)) {
        io.err << tr("error: give the signature to check with --signature\n");
        return UsageError;
    }
    const auto input = readInput(parser, io);
    if (const int *code = std::get_if<int>(&input))
        return *code;
    const auto &[token, content] = std::get<Input>(input);
    const auto valid =
        jws::verifyDetached(content, parser.value(signature).trimmed(), token.id, token.secret);
    if (!valid) {
        io.out << tr("invalid: %1\n").arg(valid.error().message);
        return Failure;
    }
    io.out << tr("valid\n");
    return Success;
}

} // namespace

Command jwsCommand()
{
    return {
        QStringLiteral("jws"),
        tr("Sign and verify cluster-info's detached JWS signatures"),
        {},
        {{QStringLiteral("sign"), tr("Print the signature of content with a token"), runSign, {}},
         {QStringLiteral("verify"), tr("Check a signature with a token"), runVerify, {}}}};
}

} // namespace kubestrap::cli
