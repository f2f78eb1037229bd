#include "cli_runner.h"
#include "kubectl.h"
#include "test_files.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using kubestrap::test::runCli;

// `ca-hash` and `jws sign|verify`, each checked against openssl's own computation of the same
// thing: the tests do not trust our code to check our code.
class TestCryptoCommands : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir;

    QByteArray shell(const QString &script)
    {
        const auto result =
            kubestrap::test::runProcess(QStringLiteral("sh"), {QStringLiteral("-c"), script},
                                        dir.path(), QProcessEnvironment::systemEnvironment());
        if (result.exitCode != 0)
            qWarning("%s: %s", qPrintable(script), result.err.constData());
        return result.out.trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed: it is the reference");
    }

    void caHashMatchesKubeadmsRecipe_data()
    {
        QTest::addColumn<QString>("newKey");
        QTest::newRow("RSA 2048") << QStringLiteral("rsa:2048");
        QTest::newRow("ECDSA P-256") << QStringLiteral("ec -pkeyopt ec_paramgen_curve:P-256");
        QTest::newRow("Ed25519") << QStringLiteral("ed25519");
    }
    void caHashMatchesKubeadmsRecipe()
    {
        QFETCH(QString, newKey);
        const QString file = QStringLiteral("ca-%1.crt")
                                 .arg(QLatin1String(QTest::currentDataTag()))
                                 .replace(QLatin1Char(' '), QLatin1Char('-'));
        shell(QStringLiteral("openssl req -x509 -newkey %1 -nodes -keyout /dev/null -subj "
                             "/CN=kubernetes -days 1 -out '%2' 2>/dev/null")
                  .arg(newKey, file));
        const QByteArray expected =
            "sha256:"
            + shell(QStringLiteral("openssl x509 -pubkey -noout -in '%1' | openssl pkey -pubin "
                                   "-outform DER | sha256sum | cut -d' ' -f1")
                        .arg(file));
        QCOMPARE(expected.size(), 71);
        const auto result = runCli({QStringLiteral("ca-hash"), dir.filePath(file)});
        QCOMPARE(result.code, 0);
        QCOMPARE(result.out, QString::fromLatin1(expected + '\n'));
    }

    void caHashPinsEachCertificateOfABundle()
    {
        shell(QStringLiteral("cat ca-RSA-2048.crt ca-Ed25519.crt > bundle.crt"));
        const auto bundle =
            runCli({QStringLiteral("ca-hash"), dir.filePath(QStringLiteral("bundle.crt"))});
        const auto first =
            runCli({QStringLiteral("ca-hash"), dir.filePath(QStringLiteral("ca-RSA-2048.crt"))});
        const auto second =
            runCli({QStringLiteral("ca-hash"), dir.filePath(QStringLiteral("ca-Ed25519.crt"))});
        QCOMPARE(bundle.out, first.out + second.out);

        QVERIFY(kubestrap::test::writeFile(dir.filePath(QStringLiteral("empty.pem")), "nothing"));
        const auto empty =
            runCli({QStringLiteral("ca-hash"), dir.filePath(QStringLiteral("empty.pem"))});
        QCOMPARE(empty.code, 1);
        QVERIFY2(empty.err.contains(QStringLiteral("holds no PEM certificate")),
                 qPrintable(empty.err));
    }

    void jwsSignIsHmacSha256OverTheProtectedHeader()
    {
        const QByteArray content = "apiVersion: v1\nkind: Config\nclusters: []\n";
        QVERIFY(kubestrap::test::writeFile(dir.filePath(QStringLiteral("kubeconfig")), content));
        const auto signed_ =
            runCli({QStringLiteral("jws"), QStringLiteral("sign"), QStringLiteral("--token"),
                    QStringLiteral("abcdef.0123456789abcdef"), QStringLiteral("--file"),
                    dir.filePath(QStringLiteral("kubeconfig"))});
        QCOMPARE(signed_.code, 0);
        // RFC 7515 by hand: base64url(header) "." base64url(payload), HMAC-SHA256 with the secret.
        const QByteArray header =
            QByteArray(R"({"alg":"HS256","kid":"abcdef"})")
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        const QByteArray payload =
            content.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        QVERIFY(kubestrap::test::writeFile(dir.filePath(QStringLiteral("input")),
                                           header + '.' + payload));
        const QByteArray mac = shell(QStringLiteral(
            "openssl dgst -sha256 -mac HMAC -macopt key:0123456789abcdef -binary input | "
            "base64 -w0 | tr '+/' '-_' | tr -d '='"));
        QCOMPARE(signed_.out, QString::fromLatin1(header + ".." + mac + '\n'));

        const QStringList verify{
            QStringLiteral("jws"),         QStringLiteral("verify"),
            QStringLiteral("--file"),      dir.filePath(QStringLiteral("kubeconfig")),
            QStringLiteral("--signature"), signed_.out.trimmed()};
        auto result = runCli(
            verify
            + QStringList{QStringLiteral("--token"), QStringLiteral("abcdef.0123456789abcdef")});
        QCOMPARE(result.code, 0);
        QCOMPARE(result.out, QStringLiteral("valid\n"));
        result = runCli(
            verify
            + QStringList{QStringLiteral("--token"), QStringLiteral("abcdef.0123456789abcdee")});
        QCOMPARE(result.code, 1);
        QVERIFY2(result.out.startsWith(QStringLiteral("invalid: ")), qPrintable(result.out));
        result = runCli(
            verify
            + QStringList{QStringLiteral("--token"), QStringLiteral("bbbbbb.0123456789abcdef")});
        QCOMPARE(result.code, 1);
        QVERIFY2(result.out.contains(QStringLiteral("abcdef")), qPrintable(result.out));
    }
};

QTEST_GUILESS_MAIN(TestCryptoCommands)
#include "test_crypto_commands.moc"
