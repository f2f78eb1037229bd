#include "secret_clipboard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>
#include <QSettings>

namespace kubestrap {

SecretClipboard::SecretClipboard(QObject *parent) : QObject(parent)
{
    clearTimer.setSingleShot(true);
    connect(&clearTimer, &QTimer::timeout, this, [this] {
        QClipboard *clipboard = QGuiApplication::clipboard();
        if (clipboard->text() == copied) // something copied since is the user's, not ours
            clipboard->clear();
        copied.clear();
        Q_EMIT cleared();
    });
}

int SecretClipboard::clearAfterSeconds() const
{
    return QSettings().value(QStringLiteral("Clipboard/clearSecretsAfterSeconds"), 10).toInt();
}

void SecretClipboard::copySecret(const QString &text)
{
    auto *data = new QMimeData;
    data->setText(text);
    data->setData(QStringLiteral("x-kde-passwordManagerHint"), "secret");
    QGuiApplication::clipboard()->setMimeData(data);
    copied = text;
    if (clearAfterSeconds() > 0)
        clearTimer.start(clearAfterSeconds() * 1000);
}

} // namespace kubestrap
