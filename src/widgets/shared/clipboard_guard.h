#pragma once

#include <QObject>
#include <QTimer>

namespace kubestrap {

// The one way Kubestrap puts a secret on the clipboard, as password managers do (KeePassXC's
// Clipboard): the copy is marked so clipboard managers and history skip it, goes to the X11
// selection too where there is one, and is cleared from both after a while (10 s unless the
// setting Clipboard/clearSecretsAfterSeconds says otherwise; 0 keeps it) and when the
// application quits, unless the user has copied something else meanwhile. It belongs to the
// application, not to the page that copied: closing a wizard does not leave its secret behind.
class ClipboardGuard : public QObject {
    Q_OBJECT

public:
    static ClipboardGuard *instance();

    void copySecret(const QString &text);
    int clearAfterSeconds() const;
    // Clears what this guard copied, now (at quit, or when the timeout runs out).
    void clearSecret();

Q_SIGNALS:
    void cleared();

private:
    explicit ClipboardGuard(QObject *parent);

    QTimer clearTimer;
    QString copied;
};

} // namespace kubestrap
