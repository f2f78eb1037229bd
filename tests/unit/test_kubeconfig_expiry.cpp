#include "cli_runner.h"
#include "kubeconfig_expiry.h"
#include "kubeconfig_loader.h"
#include "test_files.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <time.h>

using namespace kubestrap;

namespace {

// openssl, the real peer: it makes the corpus's certificates and says when each expires.
QByteArray openssl(const QStringList &args, const QString &dir)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(QStringLiteral("openssl"), args);
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        qWarning("openssl %s: %s", qPrintable(args.join(QLatin1Char(' '))),
                 process.readAllStandardError().constData());
    return process.readAllStandardOutput();
}

// A self-signed certificate for `subject` valid for `days`, written to `name`.crt.
void makeCertificate(const QString &dir, const QString &name, const QString &subject, int days)
{
    openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
             QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
             QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
             QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
             name + QStringLiteral(".crt"), QStringLiteral("-days"), QString::number(days),
             QStringLiteral("-subj"), subject},
            dir);
}

// openssl's "notAfter=Dec  4 19:13:35 2027 GMT" as RFC 3339.
QString notAfterOf(const QString &dir, const QString &file)
{
    const QString line =
        QString::fromLatin1(openssl({QStringLiteral("x509"), QStringLiteral("-noout"),
                                     QStringLiteral("-enddate"), QStringLiteral("-in"), file},
                                    dir));
    const QString date = line.section(QLatin1Char('='), 1).simplified();
    QDateTime parsed = QLocale::c().toDateTime(date, QStringLiteral("MMM d HH:mm:ss yyyy 'GMT'"));
    parsed.setTimeSpec(Qt::UTC);
    return expiry::rfc3339(parsed);
}

// A JWT as an issuer signs it; the signature is not checked here, so any will do.
QString jwt(const QJsonObject &claims)
{
    const auto part = [](const QByteArray &json) {
        return QString::fromLatin1(
            json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    return part(R"({"alg":"RS256","typ":"JWT"})") + QLatin1Char('.')
           + part(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + QStringLiteral(".c2ln");
}

void setTimeZone(const QByteArray &zone)
{
    qputenv("TZ", zone);
    tzset();
}

} // namespace

// What expires in a kubeconfig, against a corpus whose instants openssl states: client
// certificates from data and from files, every certificate of a CA bundle, JWT tokens from the
// kubeconfig and from token files, OIDC id-tokens; soonest first, to the second, in every time
// zone.
class TestKubeconfigExpiry : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir;
    QString kubeconfig;
    QHash<QString, QString> expected; // what -> RFC 3339
    qint64 tokenExpiry = 0;

    QString file(const QString &name) const { return dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("openssl is not installed: it makes this test's certificates");
        makeCertificate(dir.path(), QStringLiteral("alice"), QStringLiteral("/CN=alice/O=devs"), 3);
        makeCertificate(dir.path(), QStringLiteral("bob"), QStringLiteral("/CN=bob"), 400);
        makeCertificate(dir.path(), QStringLiteral("ca-old"), QStringLiteral("/CN=old root"), 20);
        makeCertificate(dir.path(), QStringLiteral("ca-new"), QStringLiteral("/CN=new root"), 3650);
        for (const QString &name : {QStringLiteral("alice"), QStringLiteral("bob"),
                                    QStringLiteral("ca-old"), QStringLiteral("ca-new")})
            expected.insert(name, notAfterOf(dir.path(), name + QStringLiteral(".crt")));
        // The bundle a cluster rotating its CA holds: the old root and the new.
        QVERIFY(test::writeFile(file(QStringLiteral("bundle.crt")),
                                test::readFile(file(QStringLiteral("ca-old.crt")))
                                    + test::readFile(file(QStringLiteral("ca-new.crt")))));
        tokenExpiry = QDateTime::currentSecsSinceEpoch() + 3600;
        QVERIFY(test::writeFile(
            file(QStringLiteral("sa.token")),
            jwt({{QStringLiteral("sub"), QStringLiteral("system:serviceaccount:ci:deployer")},
                 {QStringLiteral("exp"), double(tokenExpiry)}})
                    .toLatin1()
                + '\n'));
        const qint64 idTokenExpiry = tokenExpiry + 200 * 86400; // between ca-old and bob
        const QString idToken = jwt({{QStringLiteral("email"), QStringLiteral("carol@example.com")},
                                     {QStringLiteral("exp"), double(idTokenExpiry)}});
        expected.insert(QStringLiteral("id-token"),
                        expiry::rfc3339(QDateTime::fromSecsSinceEpoch(idTokenExpiry, Qt::UTC)));
        kubeconfig = file(QStringLiteral("config"));
        QVERIFY(test::writeFile(
            kubeconfig,
            QStringLiteral(
                "apiVersion: v1\nkind: Config\n"
                "clusters:\n"
                "- name: prod\n  cluster: {server: https://prod:6443, certificate-authority-data: "
                "%1}\n"
                "- name: lab\n  cluster: {server: https://lab:6443, certificate-authority: "
                "bundle.crt}\n"
                "users:\n"
                "- name: alice\n  user: {client-certificate-data: %2, client-key-data: %3}\n"
                "- name: bob\n  user: {client-certificate: bob.crt, client-key: bob.key}\n"
                "- name: deployer\n  user: {tokenFile: sa.token}\n"
                "- name: static\n  user: {token: not-a-jwt}\n"
                "- name: carol\n  user:\n    auth-provider:\n      name: oidc\n      config:\n"
                "        id-token: %4\n        client-id: k8s\n"
                "contexts:\n"
                "- name: alice@prod\n  context: {cluster: prod, user: alice}\n"
                "- name: bob@lab\n  context: {cluster: lab, user: bob}\n"
                "- name: ci\n  context: {cluster: gone, user: deployer}\n"
                "- name: static\n  context: {cluster: gone, user: static}\n"
                "- name: carol\n  context: {cluster: gone, user: carol}\n"
                "current-context: alice@prod\n")
                .arg(QString::fromLatin1(
                         test::readFile(file(QStringLiteral("ca-new.crt"))).toBase64()),
                     QString::fromLatin1(
                         test::readFile(file(QStringLiteral("alice.crt"))).toBase64()),
                     QString::fromLatin1(
                         test::readFile(file(QStringLiteral("alice.key"))).toBase64()),
                     idToken)
                .toUtf8()));
        expected.insert(QStringLiteral("token"),
                        expiry::rfc3339(QDateTime::fromSecsSinceEpoch(tokenExpiry, Qt::UTC)));
    }

    void everyExpiringThingIsARowSoonestFirst()
    {
        const auto loaded = loadKubeconfig(KubeconfigSources::resolve(kubeconfig, {}, dir.path()));
        QVERIFY(loaded);
        const auto rows = expiry::rowsOf(loaded->merged);
        QStringList shown;
        for (const expiry::Row &row : rows)
            shown << QStringLiteral("%1 %2 %3 %4")
                         .arg(row.context, expiry::kindName(row.kind), row.subject,
                              expiry::rfc3339(row.notAfter));
        const QStringList want{
            QStringLiteral("ci token system:serviceaccount:ci:deployer ")
                + expected.value(QStringLiteral("token")),
            QStringLiteral("alice@prod client-certificate CN=alice,O=devs ")
                + expected.value(QStringLiteral("alice")),
            QStringLiteral("bob@lab certificate-authority CN=old root ")
                + expected.value(QStringLiteral("ca-old")),
            QStringLiteral("carol id-token carol@example.com ")
                + expected.value(QStringLiteral("id-token")),
            QStringLiteral("bob@lab client-certificate CN=bob ")
                + expected.value(QStringLiteral("bob")),
            QStringLiteral("alice@prod certificate-authority CN=new root ")
                + expected.value(QStringLiteral("ca-new")),
            QStringLiteral("bob@lab certificate-authority CN=new root ")
                + expected.value(QStringLiteral("ca-new")),
        };
        QCOMPARE(shown, want);
        // Where each came from: the file, or the field that embeds it.
        for (const expiry::Row &row : rows) {
            if (row.context == QLatin1String("bob@lab"))
                QVERIFY2(row.source.startsWith(dir.path() + QLatin1Char('/')),
                         qPrintable(row.source));
            if (row.context == QLatin1String("alice@prod")
                && row.kind == expiry::Kind::ClientCertificate)
                QCOMPARE(row.source,
                         QStringLiteral("users[alice].client-certificate-data in ") + kubeconfig);
            if (row.kind == expiry::Kind::Token)
                QCOMPARE(row.source, file(QStringLiteral("sa.token")));
        }
    }

    void theInstantsDoNotDependOnTheTimeZone_data()
    {
        QTest::addColumn<QByteArray>("zone");
        QTest::newRow("UTC") << QByteArray("UTC");
        QTest::newRow("Shanghai") << QByteArray("Asia/Shanghai");
        QTest::newRow("St John's, -03:30") << QByteArray("America/St_Johns");
        QTest::newRow("Kiritimati, +14:00") << QByteArray("Pacific/Kiritimati");
    }

    void theInstantsDoNotDependOnTheTimeZone()
    {
        QFETCH(QByteArray, zone);
        const QByteArray before = qgetenv("TZ");
        setTimeZone(zone);
        const auto loaded = loadKubeconfig(KubeconfigSources::resolve(kubeconfig, {}, dir.path()));
        QVERIFY(loaded);
        QStringList instants;
        for (const expiry::Row &row : expiry::rowsOf(loaded->merged))
            instants << expiry::rfc3339(row.notAfter);
        setTimeZone(before);
        QVERIFY(instants.contains(expected.value(QStringLiteral("alice"))));
        QVERIFY(instants.contains(expected.value(QStringLiteral("id-token"))));
        // Local midnight in Shanghai is 16:00 the day before in UTC, and stays so.
        const QDateTime local(QDate(2028, 2, 29), QTime(0, 0), QTimeZone("Asia/Shanghai"));
        QCOMPARE(expiry::rfc3339(local), QStringLiteral("2028-02-28T16:00:00Z"));
    }

    void howSoonIsCountedInSeconds_data()
    {
        QTest::addColumn<QString>("now");
        QTest::addColumn<QString>("notAfter");
        QTest::addColumn<int>("urgency");
        const auto row = [](const char *name, const char *now, const char *notAfter,
                            expiry::Urgency urgency) {
            QTest::newRow(name) << QString::fromLatin1(now) << QString::fromLatin1(notAfter)
                                << int(urgency);
        };
        row("expired a second ago", "2026-12-04T10:00:01Z", "2026-12-04T10:00:00Z",
            expiry::Urgency::Expired);
        row("expires this very second", "2026-12-04T10:00:00Z", "2026-12-04T10:00:00Z",
            expiry::Urgency::Expired);
        // Across the leap day: 2028-02-22 to 2028-02-29 is seven days to the second.
        row("seven days across the leap day", "2028-02-22T12:00:00Z", "2028-02-29T12:00:00Z",
            expiry::Urgency::WithinAMonth);
        row("a second under seven days", "2028-02-22T12:00:01Z", "2028-02-29T12:00:00Z",
            expiry::Urgency::WithinAWeek);
        row("February of a leap year is 29 days", "2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z",
            expiry::Urgency::WithinAMonth);
        row("thirty days", "2027-02-01T00:00:00Z", "2027-03-03T00:00:00Z", expiry::Urgency::Later);
    }

    void howSoonIsCountedInSeconds()
    {
        QFETCH(QString, now);
        QFETCH(QString, notAfter);
        QFETCH(int, urgency);
        const auto parse = [](const QString &text) {
            return QDateTime::fromString(text, Qt::ISODate);
        };
        QCOMPARE(int(expiry::urgencyOf(parse(notAfter), parse(now))), urgency);
    }

    void onlyJwtsWithAnExpiryCount_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("expires"); // empty: no row
        QTest::addColumn<QString>("subject");
        QTest::newRow("service account")
            << jwt({{QStringLiteral("sub"), QStringLiteral("system:serviceaccount:a:b")},
                    {QStringLiteral("exp"), 1798761600.0}})
            << QStringLiteral("2027-01-01T00:00:00Z")
            << QStringLiteral("system:serviceaccount:a:b");
        QTest::newRow("email when no sub") << jwt(
            {{QStringLiteral("email"), QStringLiteral("d@e.f")}, {QStringLiteral("exp"), 0.0}})
                                           << QStringLiteral("1970-01-01T00:00:00Z")
                                           << QStringLiteral("d@e.f");
        QTest::newRow("no exp (a legacy service-account token)")
            << jwt({{QStringLiteral("sub"), QStringLiteral("x")}}) << QString() << QString();
        QTest::newRow("exp as a string")
            << jwt({{QStringLiteral("exp"), QStringLiteral("1")}}) << QString() << QString();
        QTest::newRow("a bootstrap token")
            << QStringLiteral("abcdef.0123456789abcdef") << QString() << QString();
        QTest::newRow("payload not JSON")
            << QStringLiteral("e30.bm90IGpzb24.c2ln") << QString() << QString();
    }

    void onlyJwtsWithAnExpiryCount()
    {
        QFETCH(QString, token);
        QFETCH(QString, expires);
        QFETCH(QString, subject);
        const auto claims = expiry::jwtClaims(token);
        QCOMPARE(claims.has_value(), !expires.isEmpty());
        if (claims) {
            QCOMPARE(expiry::rfc3339(claims->expires), expires);
            QCOMPARE(claims->subject, subject);
        }
    }

    void theCommandPrintsTheRowsAsJson()
    {
        const auto result =
            test::runCli({QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("kubeconfig"),
                          QStringLiteral("expiry"), QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(result.code, 0);
        const QJsonArray rows = QJsonDocument::fromJson(result.out.toUtf8()).array();
        QCOMPARE(rows.size(), 7);
        const QJsonObject first = rows.first().toObject();
        QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("token"));
        QCOMPARE(first.value(QStringLiteral("context")).toString(), QStringLiteral("ci"));
        QCOMPARE(first.value(QStringLiteral("user")).toString(), QStringLiteral("deployer"));
        QCOMPARE(first.value(QStringLiteral("cluster")).toString(), QStringLiteral("gone"));
        QCOMPARE(first.value(QStringLiteral("notAfter")).toString(),
                 expected.value(QStringLiteral("token")));
        // The table: one line per row under kubectl-style titles, how long is left in each.
        const auto table = test::runCli({QStringLiteral("--kubeconfig"), kubeconfig,
                                         QStringLiteral("kubeconfig"), QStringLiteral("expiry")});
        QCOMPARE(table.code, 0);
        const QStringList lines = table.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 8);
        QVERIFY(lines.first().startsWith(QStringLiteral("CONTEXT")));
        QVERIFY2(lines.at(2).contains(QRegularExpression(QStringLiteral("\\s[23]d\\s"))),
                 qPrintable(lines.at(2))); // alice's 3 days
    }
};

QTEST_MAIN(TestKubeconfigExpiry)
#include "test_kubeconfig_expiry.moc"
