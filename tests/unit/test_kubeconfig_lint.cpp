#include "cli_runner.h"
#include "kubeconfig_lint.h"
#include "test_files.h"
#include "x509.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;

namespace {

QString base64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

} // namespace

// Every defect of a corpus named, with its file, entry and fix; errors before warnings; the
// exit codes of `kubestrap-cli kubeconfig lint`.
class TestKubeconfigLint : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir;
    QString main;   // 0600: the corpus's defects in entries
    QString shared; // 0644, holding a token, and shadowing main's cluster
    QString clean;
    QDateTime certificateExpires;

    QString file(const QString &name) const { return dir.filePath(name); }

    static void restrict(const QString &path, bool othersMayRead)
    {
        QFile::setPermissions(path, othersMayRead
                                        ? QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                              | QFileDevice::ReadGroup | QFileDevice::ReadOther
                                        : QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    std::vector<lint::Finding> lintOf(const QString &kubeconfigEnv, const QDateTime &now)
    {
        const auto loaded =
            loadKubeconfig(KubeconfigSources::resolve({}, kubeconfigEnv, dir.path()));
        if (!loaded)
            return {};
        lint::Environment environment = lint::systemEnvironment();
        environment.now = now;
        environment.runnable = [](const QString &command) {
            return command == QLatin1String("kubectl");
        };
        return lint::lint(*loaded, environment);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        const auto key = x509::generatePrivateKey();
        QVERIFY(key);
        x509::CertificateProfile profile;
        profile.commonName = QStringLiteral("alice");
        profile.clientAuth = true;
        profile.validity = std::chrono::hours(72);
        const auto certificate = x509::selfSign(*key, profile);
        QVERIFY(certificate);
        certificateExpires = x509::inspect(*certificate)->notAfter;
        profile.commonName = QStringLiteral("ca");
        profile.certificateAuthority = true;
        profile.validity = std::chrono::hours(24 * 3650);
        const auto ca = x509::selfSign(*key, profile);
        QVERIFY(ca);

        QVERIFY(test::writeFile(file(QStringLiteral("token")), "a-token\n"));
        restrict(file(QStringLiteral("token")), true);
        QVERIFY(test::writeFile(file(QStringLiteral("alice.key")), *key));
        restrict(file(QStringLiteral("alice.key")), false);

        main = file(QStringLiteral("main"));
        QVERIFY(test::writeFile(
            main,
            QStringLiteral(
                "apiVersion: v1\nkind: Config\n"
                "clusters:\n"
                "- name: prod\n  cluster: {server: https://prod.example:6443, "
                "certificate-authority-data: %1}\n"
                "- name: prod-again\n  cluster: {server: https://PROD.example:6443, "
                "insecure-skip-tls-verify: true}\n"
                "users:\n"
                "- name: alice\n  user: {client-certificate-data: %2, client-key: alice.key}\n"
                "- name: basic\n  user: {username: admin, password: hunter2}\n"
                "- name: plugin\n  user:\n    exec:\n      apiVersion: "
                "client.authentication.k8s.io/v1\n      command: kubestrap-no-such-plugin\n"
                "      installHint: apt install kubestrap-no-such-plugin\n"
                "- name: reader\n  user: {tokenFile: token}\n"
                "- name: kubectl-plugin\n  user:\n    exec:\n      apiVersion: "
                "client.authentication.k8s.io/v1\n      command: kubectl\n"
                "contexts:\n"
                "- name: alice\n  context: {cluster: prod, user: alice}\n"
                "- name: nowhere\n  context: {cluster: gone, user: nobody}\n"
                "- name: half\n  context: {cluster: prod, user: nobody}\n"
                "- name: plugin\n  context: {cluster: prod, user: plugin}\n"
                "current-context: deleted-long-ago\n")
                .arg(base64(*ca), base64(*certificate))
                .toUtf8()));
        restrict(main, false);
        shared = file(QStringLiteral("shared"));
        QVERIFY(test::writeFile(
            shared, "apiVersion: v1\nkind: Config\n"
                    "clusters:\n- name: prod\n  cluster: {server: https://elsewhere:6443}\n"
                    "users:\n- name: team\n  user: {token: plain-text-token}\n"
                    "contexts:\n- name: team\n  context: {cluster: prod, user: team}\n"));
        restrict(shared, true);
        clean = file(QStringLiteral("clean"));
        QVERIFY(test::writeFile(
            clean, QStringLiteral("apiVersion: v1\nkind: Config\n"
                                  "clusters:\n- name: c\n  cluster: {server: https://c:6443, "
                                  "certificate-authority-data: %1}\n"
                                  "users:\n- name: u\n  user: {token: t}\n"
                                  "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
                                  "current-context: x\n")
                       .arg(base64(*ca))
                       .toUtf8()));
        restrict(clean, false);
    }

    void everyDefectIsNamed()
    {
        // A second after alice's certificate expired.
        const auto findings =
            lintOf(main + QLatin1Char(':') + shared, certificateExpires.addSecs(1));
        QStringList shown;
        for (const lint::Finding &finding : findings) {
            shown << QStringLiteral("%1 %2 %3 %4")
                         .arg(lint::severityName(finding.severity), finding.check,
                              QFileInfo(finding.file).fileName(), finding.entry);
            QVERIFY2(!finding.problem.isEmpty() && !finding.fix.isEmpty(),
                     qPrintable(finding.check));
        }
        const QStringList want{
            QStringLiteral("error dangling-reference main contexts[half]"),
            QStringLiteral("error dangling-reference main contexts[nowhere]"),
            QStringLiteral("error dangling-reference main current-context"),
            QStringLiteral("error expired main users[alice]"),
            QStringLiteral("error exec-plugin-missing main users[plugin]"),
            QStringLiteral("error secret-readable shared "),
            QStringLiteral("error file-readable token users[reader]"),
            QStringLiteral("warning insecure-skip-tls-verify main clusters[prod-again]"),
            QStringLiteral("warning duplicate-server main clusters[prod-again]"),
            QStringLiteral("warning basic-auth main users[basic]"),
            QStringLiteral("warning shadowed shared clusters[prod]"),
        };
        QCOMPARE(shown, want);
        for (const lint::Finding &finding : findings) {
            if (finding.check == QLatin1String("exec-plugin-missing"))
                QCOMPARE(finding.fix, QStringLiteral("apt install kubestrap-no-such-plugin"));
            if (finding.check == QLatin1String("secret-readable")) {
                QCOMPARE(finding.fix, QStringLiteral("chmod 600 ") + shared);
                QCOMPARE(finding.remedy, lint::Remedy::RestrictPermissions);
            }
            if (finding.entry == QLatin1String("contexts[nowhere]")) {
                QVERIFY(finding.problem.contains(QStringLiteral("cluster gone")));
                QVERIFY(finding.problem.contains(QStringLiteral("user nobody")));
                QCOMPARE(finding.remedy, lint::Remedy::DeleteContext);
            }
        }
    }

    void aSecondEarlierTheCertificateIsNotExpired()
    {
        const auto findings = lintOf(main, certificateExpires.addSecs(-1));
        for (const lint::Finding &finding : findings)
            QVERIFY(finding.check != QLatin1String("expired"));
    }

    void theExitCodeSaysWhetherThereIsAnError()
    {
        const auto run = [](const QString &kubeconfig, const QStringList &more = {}) {
            return test::runCli(QStringList{QStringLiteral("--kubeconfig"), kubeconfig,
                                            QStringLiteral("kubeconfig"), QStringLiteral("lint")}
                                + more);
        };
        const auto broken = run(main, {QStringLiteral("-o"), QStringLiteral("json")});
        QCOMPARE(broken.code, 1);
        const QJsonArray items = QJsonDocument::fromJson(broken.out.toUtf8()).array();
        QVERIFY(!items.isEmpty());
        QCOMPARE(items.first().toObject().value(QStringLiteral("severity")).toString(),
                 QStringLiteral("error"));
        for (const char *field : {"severity", "check", "file", "entry", "problem", "fix"})
            QVERIFY(items.first().toObject().contains(QLatin1String(field)));

        const auto fine = run(clean);
        QCOMPARE(fine.code, 0);
        QVERIFY(fine.out.isEmpty());
        QVERIFY(fine.err.contains(QStringLiteral("No problems found")));

        // Warnings only: exit 0, and each says its fix.
        restrict(clean, true);
        QFile::setPermissions(clean, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                         | QFileDevice::ReadGroup);
        const QString warnOnly = file(QStringLiteral("warn-only"));
        QVERIFY(test::writeFile(warnOnly, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n"
                                          "  cluster: {server: https://c:6443, "
                                          "insecure-skip-tls-verify: true}\n"));
        restrict(warnOnly, false);
        const auto warned = run(warnOnly);
        QCOMPARE(warned.code, 0);
        QVERIFY2(warned.out.startsWith(QStringLiteral("warning: ")), qPrintable(warned.out));
        QVERIFY(warned.out.contains(QStringLiteral("  fix: ")));
        restrict(clean, false);
    }
};

QTEST_MAIN(TestKubeconfigLint)
#include "test_kubeconfig_lint.moc"
