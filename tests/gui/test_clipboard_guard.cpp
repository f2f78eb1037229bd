#include "clipboard_guard.h"
#include "isolated_settings.h"

#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QSettings>
#include <QTest>

using kubestrap::ClipboardGuard;

// The application's one clipboard guard: what it copies is marked, and goes at the timeout or at
// quit, whoever copied it; what the user copied since stays.
class TestClipboardGuard : public QObject {
    Q_OBJECT

    kubestrap::test::IsolatedSettings settings;

private Q_SLOTS:
    void init()
    {
        QSettings().setValue(QStringLiteral("Clipboard/clearSecretsAfterSeconds"), 1);
        QApplication::clipboard()->clear();
    }

    void aCopyIsMarkedForClipboardManagersToSkip()
    {
        ClipboardGuard::instance()->copySecret(QStringLiteral("abcdef.0123456789abcdef"));
        const QMimeData *copied = QApplication::clipboard()->mimeData();
        QCOMPARE(copied->text(), QStringLiteral("abcdef.0123456789abcdef"));
        QCOMPARE(copied->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArray("secret"));
        QVERIFY(copied->hasFormat(QStringLiteral("application/x-nspasteboard-concealed-type")));
        QCOMPARE(copied->data(QStringLiteral("CanIncludeInClipboardHistory")), QByteArray(4, '\0'));
        if (QApplication::clipboard()->supportsSelection())
            QCOMPARE(QApplication::clipboard()->text(QClipboard::Selection),
                     QStringLiteral("abcdef.0123456789abcdef"));
        QTRY_COMPARE_WITH_TIMEOUT(QApplication::clipboard()->text(), QString(), 5000);
        if (QApplication::clipboard()->supportsSelection())
            QCOMPARE(QApplication::clipboard()->text(QClipboard::Selection), QString());
    }

    void whatTheUserCopiedSinceStays()
    {
        ClipboardGuard::instance()->copySecret(QStringLiteral("secret"));
        QApplication::clipboard()->setText(QStringLiteral("the user's own"));
        QTest::qWait(1500);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("the user's own"));
    }

    void quittingClearsIt()
    {
        QSettings().setValue(QStringLiteral("Clipboard/clearSecretsAfterSeconds"), 3600);
        ClipboardGuard::instance()->copySecret(QStringLiteral("secret"));
        QVERIFY(QMetaObject::invokeMethod(qApp, "aboutToQuit"));
        QCOMPARE(QApplication::clipboard()->text(), QString());
    }
};

QTEST_MAIN(TestClipboardGuard)
#include "test_clipboard_guard.moc"
