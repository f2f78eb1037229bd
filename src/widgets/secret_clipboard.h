#pragma once

#include <QObject>
#include <QTimer>

namespace kubestrap {

// Copies secrets as password managers do: marked so clipboard managers skip them
// (x-kde-passwordManagerHint), and cleared after a while (10 s unless the setting
// Clipboard/clearSecretsAfterSeconds says otherwise; 0 keeps them) if still on the clipboard.
class SecretClipboard : public QObject {
    Q_OBJECT

public:
    explicit SecretClipboard(QObject *parent = nullptr);

    void copySecret(const QString &text);
    int clearAfterSeconds() const;

Q_SIGNALS:
    void cleared();

private:
    QTimer clearTimer;
    QString copied;
};

} // namespace kubestrap
