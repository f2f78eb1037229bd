// A program that rewrites one kubeconfig for ever, as fast as it can, alternating between two
// versions, with the product's own atomic write: what the kill -9 suite kills at random moments.
// kubeconfig_writer FILE VERSION_A VERSION_B
#include "atomic_file.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 4)
        return 2;
    QByteArray versions[2];
    for (int i = 0; i < 2; ++i) {
        QFile file(QString::fromLocal8Bit(argv[2 + i]));
        if (!file.open(QIODevice::ReadOnly))
            return 2;
        versions[i] = file.readAll();
    }
    const QString target = QString::fromLocal8Bit(argv[1]);
    for (unsigned n = 0;; ++n) {
        if (!kubestrap::writeFileAtomically(target, versions[n % 2])) {
            std::fprintf(stderr, "write failed\n");
            return 1;
        }
    }
}
