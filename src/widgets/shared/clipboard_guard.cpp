#include "clipboard_guard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>
#include <QSettings>

namespace kubestrap {

namespace {

// A copy that clipboard managers and histories are asked not to keep: KDE's and the
// freedesktop hint, macOS's concealed type, Windows' history and cloud-clipboard opt-outs.
QMimeData *secretData(const QString &text)
{
    auto *data = new QMimeData;
    data->setText(text);
    data->setData(QStringLiteral("x-kde-passwordManagerHint"), "secret");
    data->setData(QStringLiteral("application/x-nspasteboard-concealed-type"), {});
    data->setData(QStringLiteral("ExcludeClipboardContentFromMonitorProcessing"), "1");
    data->setData(QStringLiteral("CanIncludeInClipboardHistory"), QByteArray(4, '\0'));
    data->setData(QStringLiteral("CanUploadToCloudClipboard"), QByteArray(4, '\0'));
    return data;
}

} // namespace

ClipboardGuard *ClipboardGuard::instance()
{
    // A child of the application, so it outlives every window and goes with the application.
    static ClipboardGuard *guard = new ClipboardGuard(QGuiApplication::instance());
    return guard;
}

ClipboardGuard::ClipboardGuard(QObject *parent) : QObject(parent)
{
    clearTimer.setSingleShot(true);
    connect(&clearTimer, &QTimer::timeout, this, &ClipboardGuard::clearSecret);
    connect(qGuiApp, &QCoreApplication::aboutToQuit, this, &ClipboardGuard::clearSecret);
}

int ClipboardGuard::clearAfterSeconds() const
{
    return QSettings().value(QStringLiteral("Clipboard/clearSecretsAfterSeconds"), 10).toInt();
}

void ClipboardGuard::copySecret(const QString &text)
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->setMimeData(secretData(text), QClipboard::Clipboard);
    if (clipboard->supportsSelection())
        clipboard->setMimeData(secretData(text), QClipboard::Selection);
    copied = text;
    if (clearAfterSeconds() > 0)
        clearTimer.start(clearAfterSeconds() * 1000);
}

void ClipboardGuard::clearSecret()
{
    clearTimer.stop();
    if (copied.isEmpty())
        return;
    QClipboard *clipboard = QGuiApplication::clipboard();
    // Something copied since is the user's, not ours: it stays.
    for (const QClipboard::Mode mode : {QClipboard::Clipboard, QClipboard::Selection}) {
        if ((mode == QClipboard::Clipboard || clipboard->supportsSelection())
            && clipboard->text(mode) == copied)
            clipboard->clear(mode);
    }
    copied.clear();
    Q_EMIT cleared();
}

} // namespace kubestrap
