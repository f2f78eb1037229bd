#include "bootstrap_token.h"

#include <QJsonObject>
#include <QTest>

using namespace kubestrap;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 29), QTime(12, 0), Qt::UTC);

QString base64(const char *text)
{
    return QString::fromLatin1(QByteArray(text).toBase64());
}

QJsonObject secretWith(const QJsonObject &data)
{
    return {{QStringLiteral("type"), QStringLiteral("bootstrap.kubernetes.io/token")},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("bootstrap-token-abcdef")}}},
            {QStringLiteral("data"), data}};
}

QJsonObject validData()
{
    return {{QStringLiteral("token-id"), base64("abcdef")},
            {QStringLiteral("token-secret"), base64("0123456789abcdef")},
            {QStringLiteral("usage-bootstrap-authentication"), base64("true")},
            {QStringLiteral("expiration"), base64("2026-11-30T12:00:00Z")},
            {QStringLiteral("auth-extra-groups"),
             base64("system:bootstrappers:kubeadm:default-node-token")}};
}

} // namespace

class TestBootstrapToken : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void generatedTokensLookLikeKubeadmsAndAreUniform()
    {
        QMap<QChar, int> counts;
        QSet<QString> seen;
        for (int i = 0; i < 2000; ++i) {
            const auto token = BootstrapToken::generate(kNow);
            QVERIFY(token);
            QVERIFY(BootstrapToken::parse(token->token()));
            seen.insert(token->token());
            for (const QChar c : token->id + token->secret)
                ++counts[c];
        }
        QCOMPARE(seen.size(), 2000);
        QCOMPARE(counts.size(), 36);
        // 44,000 characters over 36 symbols: each near 1,222; a biased modulo would skew 0-3.
        for (auto it = counts.begin(); it != counts.end(); ++it)
            QVERIFY2(it.value() > 1050 && it.value() < 1400,
                     qPrintable(QStringLiteral("%1: %2").arg(it.key()).arg(it.value())));
    }

    void kubeadmDefaults()
    {
        const auto token = BootstrapToken::generate(kNow);
        QCOMPARE(token->usages,
                 (QStringList{QStringLiteral("signing"), QStringLiteral("authentication")}));
        QCOMPARE(token->extraGroups,
                 QStringList{QStringLiteral("system:bootstrappers:kubeadm:default-node-token")});
        QCOMPARE(*token->expiration, kNow.addSecs(24 * 3600));
        QVERIFY(!BootstrapToken::generate(kNow, std::chrono::seconds(0))->expiration);
    }

    void parseSaysWhatIsWrong_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("upper case") << QStringLiteral("ABCDEF.0123456789abcdef");
        QTest::newRow("short id") << QStringLiteral("abcde.0123456789abcdef");
        QTest::newRow("no dot") << QStringLiteral("abcdef0123456789abcdef");
        QTest::newRow("long secret") << QStringLiteral("abcdef.0123456789abcdef0");
    }

    void parseSaysWhatIsWrong()
    {
        QFETCH(QString, text);
        const auto token = BootstrapToken::parse(text);
        QVERIFY(!token);
        QVERIFY(
            token.error().message.contains(QStringLiteral("six characters, a dot and sixteen")));
    }

    void secretRoundTripsWithKubeadmsKeys()
    {
        auto token = BootstrapToken::parse(QStringLiteral("abcdef.0123456789abcdef"));
        token->description = QStringLiteral("for node-7");
        token->expiration = kNow;
        token->usages = {QStringLiteral("authentication")};
        token->extraGroups = {QStringLiteral("system:bootstrappers:workers")};
        const QJsonObject secret = token->toSecret();
        QCOMPARE(secret.value(QStringLiteral("type")).toString(),
                 QStringLiteral("bootstrap.kubernetes.io/token"));
        const QJsonObject metadata = secret.value(QStringLiteral("metadata")).toObject();
        QCOMPARE(metadata.value(QStringLiteral("name")).toString(),
                 QStringLiteral("bootstrap-token-abcdef"));
        QCOMPARE(metadata.value(QStringLiteral("namespace")).toString(),
                 QStringLiteral("kube-system"));
        const QJsonObject data = secret.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("expiration")).toString(),
                 base64("2026-11-29T12:00:00Z"));
        QCOMPARE(data.value(QStringLiteral("usage-bootstrap-authentication")).toString(),
                 base64("true"));
        QVERIFY(!data.contains(QStringLiteral("usage-bootstrap-signing")));
        const auto back = BootstrapToken::fromSecret(secret);
        QVERIFY(back);
        QCOMPARE(back->token(), token->token());
        QCOMPARE(back->description, token->description);
        QCOMPARE(back->extraGroups, token->extraGroups);
        QCOMPARE(*back->expiration, kNow);
    }

    void malformedSecretsSayWhy_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("reason");
        QTest::newRow("bad expiration")
            << QStringLiteral("expiration") << QStringLiteral("tomorrow")
            << QStringLiteral("treats the token as expired");
        QTest::newRow("bad group")
            << QStringLiteral("auth-extra-groups") << QStringLiteral("system:masters")
            << QStringLiteral("must match");
        QTest::newRow("bad secret") << QStringLiteral("token-secret") << QStringLiteral("short")
                                    << QStringLiteral("do not form a token");
        QTest::newRow("other id") << QStringLiteral("token-id") << QStringLiteral("zzzzzz")
                                  << QStringLiteral("holds token id zzzzzz");
    }

    void malformedSecretsSayWhy()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, reason);
        QJsonObject data = validData();
        data.insert(key, QString::fromLatin1(value.toUtf8().toBase64()));
        const auto token = BootstrapToken::fromSecret(secretWith(data));
        QVERIFY(!token);
        QVERIFY2(token.error().message.contains(reason), qPrintable(token.error().message));
    }

    void authenticatesOnlyAsTheApiServerDoes()
    {
        const QJsonObject secret = secretWith(validData());
        const auto identity =
            authenticateBootstrapToken(QStringLiteral("abcdef.0123456789abcdef"), secret, kNow);
        QVERIFY(identity);
        QCOMPARE(identity->user, QStringLiteral("system:bootstrap:abcdef"));
        QCOMPARE(identity->groups,
                 (QStringList{QStringLiteral("system:bootstrappers"),
                              QStringLiteral("system:bootstrappers:kubeadm:default-node-token")}));
        QVERIFY(!authenticateBootstrapToken(QStringLiteral("abcdef.0123456789abcdee"), secret,
                                            kNow)); // wrong secret
        QVERIFY(!authenticateBootstrapToken(QStringLiteral("abcdef.0123456789abcdef"), secret,
                                            kNow.addDays(1))); // expired
        QJsonObject data = validData();
        data.insert(QStringLiteral("usage-bootstrap-authentication"),
                    base64("True")); // only exactly "true"
        QVERIFY(!authenticateBootstrapToken(QStringLiteral("abcdef.0123456789abcdef"),
                                            secretWith(data), kNow));
        data = validData();
        data.remove(QStringLiteral("expiration")); // never expires
        QVERIFY(authenticateBootstrapToken(QStringLiteral("abcdef.0123456789abcdef"),
                                           secretWith(data), kNow.addYears(5)));
    }

    // cluster-bootstrap's GetExpiration, which TokenCleaner acts on: only the expiration counts.
    void theCleanerDeletesByExpirationOnly()
    {
        QJsonObject data = validData();
        data.remove(QStringLiteral("token-secret")); // malformed, but not the cleaner's business
        QVERIFY(!bootstrapSecretExpired(secretWith(data), kNow));
        QVERIFY(bootstrapSecretExpired(secretWith(data), kNow.addDays(1)));
        data.insert(QStringLiteral("expiration"), base64(""));
        QVERIFY(!bootstrapSecretExpired(secretWith(data), kNow.addYears(5)));
        data.remove(QStringLiteral("expiration"));
        QVERIFY(!bootstrapSecretExpired(secretWith(data), kNow.addYears(5)));
        for (const char *unreadable : {"tomorrow", "2026-11-30T12:00:00", "2026-11-30 12:00:00Z"}) {
            data.insert(QStringLiteral("expiration"), base64(unreadable));
            QVERIFY2(bootstrapSecretExpired(secretWith(data), kNow), unreadable);
        }
    }
};

QTEST_GUILESS_MAIN(TestBootstrapToken)
#include "test_bootstrap_token.moc"
