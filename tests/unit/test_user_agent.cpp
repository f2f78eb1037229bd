#include "user_agent.h"
#include "version.h"

#include <QRegularExpression>
#include <QTest>

class TestUserAgent : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void looksLikeKubectls()
    {
        const QString agent = QString::fromUtf8(kubestrap::userAgent(QStringLiteral("kubestrap")));
        const QRegularExpression shape(QStringLiteral(R"(^kubestrap/v(\S+) \((\w+)/(\w+)\)$)"));
        const auto match = shape.match(agent);
        QVERIFY2(match.hasMatch(), qPrintable(agent));
        QCOMPARE(match.captured(1), QLatin1String(kubestrap::kVersion));
        QCOMPARE(match.captured(2), QStringLiteral("linux"));
#if defined(Q_PROCESSOR_X86_64)
        QCOMPARE(match.captured(3), QStringLiteral("amd64")); // Go's name, not "x86_64"
#endif
    }
};

QTEST_GUILESS_MAIN(TestUserAgent)
#include "test_user_agent.moc"
