#include "jws.h"

#include <QTest>

using namespace kubestrap;

namespace {

// The vectors of Kubernetes' own cluster-bootstrap tests.
const QByteArray kContent = "Hello from the other side. I must have called a thousand times.";
const QString kSecret = QStringLiteral("my voice is my passcode");
const QString kId = QStringLiteral("joshua");

} // namespace

class TestJws : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesKubernetes()
    {
        QCOMPARE(jws::detachedSignature(kContent, kId, kSecret),
                 QStringLiteral("eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..VShe2taLd-YTrmWuRkcL_"
                                "8QTNDHYxQIEBsAYYiIj1_8"));
        QCOMPARE(jws::detachedSignature(QByteArray(), kId, kSecret),
                 QStringLiteral("eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9.."
                                "7Ui1ALizW4jXphVUB7xUqC9vLYLL9RZeOFfVLoB7Tgk"));
        QCOMPARE(
            jws::detachedSignature(
                kContent, kId, QStringLiteral("my voice is my passcode. my voice is my passcode")),
            QStringLiteral("eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..SFoKn0-YxqnvpSExt4LuCZ_"
                           "7pvIBdX3SoUO_NsTpkdg"));
    }

    void verifiesAndSaysWhyNot_data()
    {
        QTest::addColumn<QString>("signature");
        QTest::addColumn<QString>("reason");
        const QString good = jws::detachedSignature(kContent, kId, kSecret);
        QTest::newRow("valid") << good << QString();
        QTest::newRow("other secret")
            << jws::detachedSignature(kContent, kId, QStringLiteral("another"))
            << QStringLiteral("does not match");
        QTest::newRow("other kid")
            << jws::detachedSignature(kContent, QStringLiteral("mallory"), kSecret)
            << QStringLiteral("for token 'mallory'");
        QTest::newRow("attached payload")
            << good.section(QStringLiteral(".."), 0, 0) + QStringLiteral(".SGVsbG8.")
                   + good.section(QStringLiteral(".."), 1)
            << QStringLiteral("carries its payload");
        QTest::newRow("other algorithm")
            << QString::fromLatin1(
                   QByteArray(R"({"alg":"none","kid":"joshua"})")
                       .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))
                   + QStringLiteral("..")
            << QStringLiteral("algorithm 'none'");
        // The signature covers the header too: one changed, even harmlessly, no longer verifies.
        QTest::newRow("tampered header")
            << QString::fromLatin1(
                   QByteArray(R"({"alg":"HS256","kid":"joshua","typ":"JWT"})")
                       .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))
                   + QStringLiteral("..") + good.section(QStringLiteral(".."), 1)
            << QStringLiteral("does not match");
        QTest::newRow("bad base64")
            << QStringLiteral("!!!..abc") << QStringLiteral("not base64url");
        QTest::newRow("not three parts") << QStringLiteral("abc") << QStringLiteral("three parts");
    }

    void verifiesAndSaysWhyNot()
    {
        QFETCH(QString, signature);
        QFETCH(QString, reason);
        const auto verdict = jws::verifyDetached(kContent, signature, kId, kSecret);
        if (reason.isEmpty()) {
            QVERIFY(verdict);
            return;
        }
        QVERIFY(!verdict);
        QVERIFY2(verdict.error().message.contains(reason), qPrintable(verdict.error().message));
    }
};

QTEST_GUILESS_MAIN(TestJws)
#include "test_jws.moc"
