#pragma once

// Runs kubestrap-cli's command tree in this process, as the program would run it. Header-only:
// only tests that link kubestrap_cli_lib include it.

#include "cli.h"

#include <QTextStream>

namespace kubestrap::test {

struct CliResult {
    int code;
    QString out;
    QString err;
};

inline CliResult runCli(QStringList args)
{
    args.prepend(QStringLiteral("/usr/bin/kubestrap-cli"));
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    cli::Io io{outStream, errStream};
    const int code = cli::run(args, io);
    outStream.flush();
    errStream.flush();
    return {code, out, err};
}

} // namespace kubestrap::test
