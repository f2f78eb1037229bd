// Opening a ConfigMap key of 1 MiB: how long the window is busy from showValue() to the value
// painted, for YAML, one-line JSON (indented for reading) and binary data, and the longest the
// event loop waits meanwhile. Asserts only that each value was shown.

#include "configmap_value_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QTimer>

#include <cstdio>

using namespace kubestrap;

namespace {

QByteArray yaml(qsizetype size)
{
    QByteArray text;
    for (int line = 0; text.size() < size; ++line)
        text += "option-" + QByteArray::number(line) + ": a value of some length, line "
                + QByteArray::number(line) + "\n";
    return text.left(size);
}

QByteArray json(qsizetype size)
{
    QByteArray text = "{";
    for (int item = 0; text.size() < size - 40; ++item)
        text +=
            "\"key" + QByteArray::number(item) + "\":\"value " + QByteArray::number(item) + "\",";
    text.chop(1);
    return text + "}";
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const qsizetype size = app.arguments().value(1, QStringLiteral("1048576")).toLongLong();
    ConfigMapValueView view;
    view.resize(900, 600);
    view.show();
    auto *text = view.findChild<QPlainTextEdit *>(QStringLiteral("value"));
    const struct {
        const char *what;
        QString key;
        QByteArray value;
        bool binary;
    } values[] = {{"YAML", QStringLiteral("settings.yaml"), yaml(size), false},
                  {"one-line JSON", QStringLiteral("settings.json"), json(size), false},
                  {"binary", QStringLiteral("blob.bin"), QByteArray(size, '\x89'), true}};
    int failures = 0;
    for (const auto &each : values) {
        // The probe: a timer that should fire every 5 ms; the longest gap is how long the window
        // could not answer.
        QElapsedTimer sinceTick;
        qint64 longestGap = 0;
        QTimer probe;
        probe.setInterval(5);
        QObject::connect(&probe, &QTimer::timeout,
                         [&] { longestGap = std::max(longestGap, sinceTick.restart()); });
        QElapsedTimer timer;
        timer.start();
        sinceTick.start();
        probe.start();
        view.showValue(each.key, each.value, each.binary);
        view.repaint();
        const qint64 shown = timer.elapsed();
        QElapsedTimer settle;
        settle.start();
        while (settle.elapsed() < 300)
            app.processEvents(QEventLoop::AllEvents, 10);
        std::printf("%s of %lld bytes: shown and painted in %lld ms; longest event-loop wait %lld "
                    "ms; %lld characters laid out\n",
                    each.what, qlonglong(each.value.size()), shown, longestGap,
                    qlonglong(text->toPlainText().size()));
        if (text->toPlainText().isEmpty())
            ++failures;
    }
    return failures == 0 ? 0 : 1;
}
