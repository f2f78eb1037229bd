// Runs the fuzz target without libFuzzer, so every build exercises it: each file of the given
// folders as it is, then bounded, reproducible mutations of them. A crash fails the test; an
// input that takes more than two seconds is reported as a hang.

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

bool run(const QByteArray &input, const QString &name)
{
    QElapsedTimer timer;
    timer.start();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()),
                           size_t(input.size()));
    if (timer.elapsed() > 2000) {
        std::fprintf(stderr, "HANG: %s took %lld ms\n", qPrintable(name), timer.elapsed());
        return false;
    }
    return true;
}

// Small edits that reach the parser's corners: flipped bytes, YAML punctuation, cuts, repeats.
QByteArray mutate(QByteArray input, QRandomGenerator &random)
{
    static const QByteArray punctuation = ":-[]{},&*!|>'\"%@`#\t\n ~<";
    const int edits = 1 + int(random.bounded(4));
    for (int i = 0; i < edits && !input.isEmpty(); ++i) {
        const qsizetype at = qsizetype(random.bounded(quint32(input.size())));
        switch (random.bounded(5)) {
        case 0:
            input[at] = char(input[at] ^ (1 << random.bounded(8)));
            break;
        case 1:
            input.insert(at, punctuation[qsizetype(random.bounded(quint32(punctuation.size())))]);
            break;
        case 2:
            input.truncate(at);
            break;
        case 3:
            input.insert(at, input.mid(at, qsizetype(random.bounded(64u))));
            break;
        default:
            input.remove(at, qsizetype(random.bounded(16u)));
        }
    }
    return input;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QList<QByteArray> seeds;
    bool ok = true;
    QStringList folders = app.arguments().mid(1);
    qint64 seconds = 15; // of mutations; --seconds=N says otherwise
    if (!folders.isEmpty() && folders.first().startsWith(QLatin1String("--seconds="))) {
        seconds = folders.takeFirst().mid(10).toLongLong();
    }
    for (const QString &folder : folders) {
        QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            seeds << file.readAll();
            ok = run(seeds.last(), file.fileName()) && ok;
        }
    }
    QRandomGenerator random(20261129); // reproducible: the same mutations every run
    QElapsedTimer budget;
    budget.start();
    int mutations = 0;
    while (ok && !seeds.isEmpty() && budget.elapsed() < seconds * 1000) {
        const QByteArray &seed = seeds[qsizetype(random.bounded(quint32(seeds.size())))];
        const QByteArray input = mutate(seed, random);
        if (!run(input, QStringLiteral("mutation %1").arg(mutations))) {
            QFile out(QStringLiteral("hang-input"));
            if (out.open(QIODevice::WriteOnly))
                out.write(input);
            ok = false;
        }
        ++mutations;
    }
    std::printf("%lld seeds, %d mutations: %s\n", qlonglong(seeds.size()), mutations,
                ok ? "no failure" : "FAILED");
    return ok ? 0 : 1;
}
