#include "auth_provider.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace kubestrap;

// A legacy auth-provider entry: oidc id-tokens used while valid, everything else explained.
class TestAuthProvider : public QObject {
    Q_OBJECT

private:
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);

    static QString jwtExpiringAt(qint64 exp)
    {
        const auto part = [](const QJsonObject &object) {
            return QJsonDocument(object)
                .toJson(QJsonDocument::Compact)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        };
        return QString::fromLatin1(part({{QStringLiteral("alg"), QStringLiteral("RS256")}}) + '.'
                                   + part({{QStringLiteral("exp"), exp}}) + ".c2ln");
    }

    static AuthProvider oidc(const QString &idToken)
    {
        return {QStringLiteral("oidc"),
                std::map<QString, QString>{{QStringLiteral("id-token"), idToken},
                                           {QStringLiteral("refresh-token"), QStringLiteral("r")}}};
    }

private Q_SLOTS:
    void aValidIdTokenIsTheBearerToken()
    {
        const QString token = jwtExpiringAt(1'800'000'060);
        const auto result = authProviderToken(QStringLiteral("dev"), oidc(token), now);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QCOMPARE(*result, token.toLatin1());
    }

    void anExpiredIdTokenSaysHowToRefreshIt()
    {
        const auto result =
            authProviderToken(QStringLiteral("dev"), oidc(jwtExpiringAt(1'799'999'999)), now);
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(QStringLiteral("expired at 2027-01-15T07:59:59Z")),
                 qPrintable(result.error().message));
        QVERIFY(result.error().message.contains(QStringLiteral("refresh-token")));
    }

    void missingOrOpaqueIdTokensAreRefused()
    {
        const auto missing =
            authProviderToken(QStringLiteral("dev"), {QStringLiteral("oidc"), std::nullopt}, now);
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(QStringLiteral("no OIDC id-token")));
        const auto opaque =
            authProviderToken(QStringLiteral("dev"), oidc(QStringLiteral("abc")), now);
        QVERIFY(!opaque);
        QVERIFY(opaque.error().message.contains(QStringLiteral("not a JWT")));
    }

    void removedProvidersNameTheirExecPlugin()
    {
        const auto result =
            authProviderToken(QStringLiteral("gke"), {QStringLiteral("gcp"), std::nullopt}, now);
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(QStringLiteral("gke-gcloud-auth-plugin")),
                 qPrintable(result.error().message));
    }
};

QTEST_GUILESS_MAIN(TestAuthProvider)
#include "test_auth_provider.moc"
