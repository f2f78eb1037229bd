#include "cli_runner.h"
#include "kubectl.h"
#include "test_cluster.h"
#include "test_files.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using kubestrap::test::runCli;
using kubestrap::test::TestCluster;

// kubestrap-cli token … against the sandbox (or KUBESTRAP_TEST_KUBECONFIG's cluster), each change
// checked through kubectl: the Secret kubeadm would write, the listing, the expiry changes, and
// the join command's pin against openssl's own computation.
class TestTokenCommands : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestCluster> cluster;
    QString kubectl;
    QTemporaryDir home;
    // This run's token (others may have tokens in the cluster too), and an id no one has.
    const QString id = TestCluster::uniqueTokenId('c');
    const QString missing = TestCluster::uniqueTokenId('z');

    void deleteTokenAtEnd(const QString &tokenId)
    {
        cluster->deleteAtEnd(QStringLiteral("/api/v1/namespaces/kube-system/secrets/"
                                            "bootstrap-token-")
                             + tokenId);
    }

    kubestrap::test::CliResult cli(QStringList args)
    {
        return runCli(QStringList{QStringLiteral("--kubeconfig"), cluster->adminKubeconfig()}
                      + args);
    }

    // The token Secret's data as kubectl reads it, decoded; empty when it does not exist.
    QMap<QString, QString> secretData(const QString &id)
    {
        const auto result = kubestrap::test::runProcess(
            kubectl,
            {QStringLiteral("get"), QStringLiteral("secret"), QStringLiteral("-n"),
             QStringLiteral("kube-system"), QStringLiteral("bootstrap-token-") + id,
             QStringLiteral("-o"), QStringLiteral("json")},
            home.path(),
            kubestrap::test::kubeconfigEnvironment(home.path(), cluster->adminKubeconfig()));
        QMap<QString, QString> data;
        const QJsonObject secret = QJsonDocument::fromJson(result.out).object();
        const QJsonObject encoded = secret.value(QStringLiteral("data")).toObject();
        for (auto it = encoded.begin(); it != encoded.end(); ++it)
            data.insert(it.key(), QString::fromUtf8(
                                      QByteArray::fromBase64(it.value().toString().toLatin1())));
        if (!data.isEmpty())
            data.insert(QStringLiteral("type"), secret.value(QStringLiteral("type")).toString());
        return data;
    }

    // The list's row for `id`, split on runs of spaces.
    QStringList listed(const QString &id)
    {
        const auto result = cli({QStringLiteral("token"), QStringLiteral("list")});
        for (const QString &line : result.out.split(QLatin1Char('\n'))) {
            if (line.startsWith(id))
                return line.split(QRegularExpression(QStringLiteral(" {2,}")));
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        kubectl = kubestrap::test::findKubectl();
        if (kubectl.isEmpty())
            QSKIP("kubectl is not installed: it checks what the commands did");
        QString error;
        cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
        QVERIFY2(cluster, qPrintable(error));
        deleteTokenAtEnd(id);
    }

    void generatePrintsAFreshTokenOnly()
    {
        const auto first = cli({QStringLiteral("token"), QStringLiteral("generate")});
        const auto second = cli({QStringLiteral("token"), QStringLiteral("generate")});
        static const QRegularExpression token(QStringLiteral("^[a-z0-9]{6}\\.[a-z0-9]{16}\\n$"));
        QVERIFY2(token.match(first.out).hasMatch(), qPrintable(first.out));
        QVERIFY(first.out != second.out);
    }

    void createWritesWhatKubeadmWrites()
    {
        const auto created =
            cli({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--token"),
                 id + QStringLiteral(".0123456789abcdef"), QStringLiteral("--ttl"),
                 QStringLiteral("2h"), QStringLiteral("--description"), QStringLiteral("rack 7")});
        QVERIFY2(created.code == 0, qPrintable(created.err));
        QCOMPARE(created.out, id + QStringLiteral(".0123456789abcdef\n"));
        const auto data = secretData(id);
        QCOMPARE(data.value(QStringLiteral("type")),
                 QStringLiteral("bootstrap.kubernetes.io/token"));
        QCOMPARE(data.value(QStringLiteral("token-id")), id);
        QCOMPARE(data.value(QStringLiteral("token-secret")), QStringLiteral("0123456789abcdef"));
        QCOMPARE(data.value(QStringLiteral("usage-bootstrap-signing")), QStringLiteral("true"));
        QCOMPARE(data.value(QStringLiteral("usage-bootstrap-authentication")),
                 QStringLiteral("true"));
        QCOMPARE(data.value(QStringLiteral("auth-extra-groups")),
                 QStringLiteral("system:bootstrappers:kubeadm:default-node-token"));
        QCOMPARE(data.value(QStringLiteral("description")), QStringLiteral("rack 7"));
        const QDateTime expires =
            QDateTime::fromString(data.value(QStringLiteral("expiration")), Qt::ISODate);
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(expires) - 7200) < 60);

        const auto again =
            cli({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--token"),
                 id + QStringLiteral(".aaaaaaaaaaaaaaaa")});
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains(QStringLiteral("a token with id %1 already exists").arg(id)),
                 qPrintable(again.err));
        QCOMPARE(secretData(id).value(QStringLiteral("token-secret")),
                 QStringLiteral("0123456789abcdef"));
    }

    void listShowsKubeadmsColumnsWithoutTheSecret()
    {
        const auto result = cli({QStringLiteral("token"), QStringLiteral("list")});
        QVERIFY2(result.code == 0, qPrintable(result.err));
        // kubeadm's columns; how wide each is depends on every token listed.
        QCOMPARE(result.out.section(QLatin1Char('\n'), 0, 0)
                     .split(QRegularExpression(QStringLiteral(" {2,}"))),
                 (QStringList{QStringLiteral("TOKEN-ID"), QStringLiteral("TTL"),
                              QStringLiteral("EXPIRES"), QStringLiteral("USAGES"),
                              QStringLiteral("DESCRIPTION"), QStringLiteral("EXTRA GROUPS")}));
        QVERIFY(!result.out.contains(QStringLiteral("0123456789abcdef")));
        const QStringList row = listed(id);
        QCOMPARE(row.value(1), QStringLiteral("1h")); // a few seconds under 2h
        QCOMPARE(row.value(3), QStringLiteral("signing,authentication"));
        QCOMPARE(row.value(4), QStringLiteral("rack 7"));
        QCOMPARE(row.value(5), QStringLiteral("system:bootstrappers:kubeadm:default-node-token"));
    }

    void listAsJsonNamesTokensAndMalformedSecretsWithoutSecrets()
    {
        // A token Secret without its secret half, made as a careless hand would make it.
        const QString broken = TestCluster::uniqueTokenId('m');
        deleteTokenAtEnd(broken);
        const auto made = kubestrap::test::runProcess(
            kubectl,
            {QStringLiteral("create"), QStringLiteral("secret"), QStringLiteral("generic"),
             QStringLiteral("bootstrap-token-") + broken, QStringLiteral("-n"),
             QStringLiteral("kube-system"), QStringLiteral("--type"),
             QStringLiteral("bootstrap.kubernetes.io/token"),
             QStringLiteral("--from-literal=token-id=") + broken},
            home.path(),
            kubestrap::test::kubeconfigEnvironment(home.path(), cluster->adminKubeconfig()));
        QVERIFY2(made.exitCode == 0, made.err.constData());

        const auto result = cli({QStringLiteral("token"), QStringLiteral("list"),
                                 QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(result.code == 0, qPrintable(result.err));
        // Our token's secret is the one the format's example shows; only the example may show it.
        QVERIFY2(!QString(result.out)
                      .remove(QStringLiteral("abcdef.0123456789abcdef"))
                      .contains(QStringLiteral("0123456789abcdef")),
                 qPrintable(result.out));
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(result.out.toUtf8(), &error);
        QVERIFY2(document.isArray(), qPrintable(error.errorString()));
        QJsonObject ours, theBrokenOne;
        for (const QJsonValue &item : document.array()) {
            const QString name = item.toObject().value(QStringLiteral("secretName")).toString();
            if (name == QStringLiteral("bootstrap-token-") + id)
                ours = item.toObject();
            if (name == QStringLiteral("bootstrap-token-") + broken)
                theBrokenOne = item.toObject();
        }
        QCOMPARE(ours.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(ours.value(QStringLiteral("description")).toString(), QStringLiteral("rack 7"));
        QCOMPARE(ours.value(QStringLiteral("usages")).toArray(),
                 (QJsonArray{QStringLiteral("signing"), QStringLiteral("authentication")}));
        QCOMPARE(ours.value(QStringLiteral("groups")).toArray(),
                 QJsonArray{QStringLiteral("system:bootstrappers:kubeadm:default-node-token")});
        const QDateTime expires =
            QDateTime::fromString(ours.value(QStringLiteral("expires")).toString(), Qt::ISODate);
        QVERIFY(expires.isValid());
        const qint64 ttl = ours.value(QStringLiteral("ttlSeconds")).toInteger();
        QVERIFY2(ttl > 3600 && ttl <= 7200, qPrintable(QString::number(ttl)));
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(expires) - ttl) <= 5);
        QVERIFY(!ours.contains(QStringLiteral("problem")));
        QVERIFY2(!theBrokenOne.value(QStringLiteral("problem")).toString().isEmpty(),
                 qPrintable(result.out));
        QVERIFY(!theBrokenOne.contains(QStringLiteral("id")));

        const auto wrong = cli({QStringLiteral("token"), QStringLiteral("list"),
                                QStringLiteral("-o"), QStringLiteral("yaml")});
        QCOMPARE(wrong.code, 2);
        QVERIFY2(wrong.err.contains(QStringLiteral("unknown output format 'yaml' (json)")),
                 qPrintable(wrong.err));
    }

    void extendMovesTheExpiryOrRemovesIt()
    {
        auto result = cli({QStringLiteral("token"), QStringLiteral("extend"), id,
                           QStringLiteral("--ttl"), QStringLiteral("72h")});
        QVERIFY2(result.code == 0, qPrintable(result.err));
        QVERIFY2(result.out.contains(QStringLiteral("(in 3d)")), qPrintable(result.out));
        QCOMPARE(listed(id).value(1), QStringLiteral("2d"));
        QCOMPARE(secretData(id).value(QStringLiteral("description")),
                 QStringLiteral("rack 7")); // the rest is kept

        result = cli({QStringLiteral("token"), QStringLiteral("extend"), id,
                      QStringLiteral("--ttl"), QStringLiteral("0")});
        QVERIFY2(result.code == 0, qPrintable(result.err));
        QVERIFY(result.err.contains(QStringLiteral("never expires")));
        QVERIFY(!secretData(id).contains(QStringLiteral("expiration")));
        const QStringList row = listed(id);
        QCOMPARE(row.value(1), QStringLiteral("<forever>"));
        QCOMPARE(row.value(2), QStringLiteral("<never>"));

        result = cli({QStringLiteral("token"), QStringLiteral("extend"), missing,
                      QStringLiteral("--ttl"), QStringLiteral("1h")});
        QCOMPARE(result.code, 1);
        QVERIFY2(result.err.contains(QStringLiteral("there is no bootstrap token %1").arg(missing)),
                 qPrintable(result.err));
    }

    void deleteTakesAnIdOrAToken()
    {
        auto result = cli({QStringLiteral("token"), QStringLiteral("delete"),
                           id + QStringLiteral(".0123456789abcdef"), QStringLiteral("--dry-run")});
        QVERIFY2(result.code == 0, qPrintable(result.err));
        QVERIFY(!secretData(id).isEmpty()); // a dry run changes nothing
        result = cli({QStringLiteral("token"), QStringLiteral("delete"),
                      id + QStringLiteral(".0123456789abcdef")});
        QCOMPARE(result.out, QStringLiteral("bootstrap token \"%1\" deleted\n").arg(id));
        QVERIFY(secretData(id).isEmpty());
        result = cli({QStringLiteral("token"), QStringLiteral("delete"), id});
        QCOMPARE(result.code, 1);
        QVERIFY2(result.err.contains(QStringLiteral("there is no bootstrap token %1").arg(id)),
                 qPrintable(result.err));
        result = cli({QStringLiteral("token"), QStringLiteral("delete"), QStringLiteral("C1C1")});
        QCOMPARE(result.code, 2);
    }

    void invalidOptionsAreRefusedBeforeAnythingIsSent()
    {
        const QList<QPair<QStringList, QString>> cases{
            {{QStringLiteral("--ttl"), QStringLiteral("soon")}, QStringLiteral("not a duration")},
            {{QStringLiteral("--usages"), QStringLiteral("signing,joining")},
             QStringLiteral("'joining' is not a usage")},
            {{QStringLiteral("--groups"), QStringLiteral("system:masters")},
             QStringLiteral("system:bootstrappers:")},
            {{QStringLiteral("--token"), QStringLiteral("abc.def")}, QStringLiteral("--token")},
        };
        for (const auto &[options, expected] : cases) {
            const auto result =
                cli(QStringList{QStringLiteral("token"), QStringLiteral("create")} + options);
            QCOMPARE(result.code, 2);
            QVERIFY2(result.err.contains(expected), qPrintable(result.err));
        }
    }

    void theJoinCommandUsesKubeadmsControlPlaneEndpoint()
    {
        // On a kubeadm-made cluster nodes join through controlPlaneEndpoint (a load balancer,
        // say), not through the address in the admin's kubeconfig.
        const QString path =
            QStringLiteral("/api/v1/namespaces/kube-system/configmaps/kubeadm-config");
        QVERIFY(cluster->removeUntilEnd(path));
        const auto made = kubestrap::test::runProcess(
            kubectl,
            {QStringLiteral("create"), QStringLiteral("configmap"),
             QStringLiteral("kubeadm-config"), QStringLiteral("-n"), QStringLiteral("kube-system"),
             QStringLiteral(
                 "--from-literal=ClusterConfiguration=apiVersion: kubeadm.k8s.io/v1beta4\n"
                 "kind: ClusterConfiguration\ncontrolPlaneEndpoint: lb.kubestrap.test:7443\n")},
            home.path(),
            kubestrap::test::kubeconfigEnvironment(home.path(), cluster->adminKubeconfig()));
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const auto result = cli({QStringLiteral("token"), QStringLiteral("create"),
                                 QStringLiteral("--print-join-command"), QStringLiteral("--ttl"),
                                 QStringLiteral("10m")});
        QVERIFY2(result.code == 0, qPrintable(result.err));
        const auto created =
            QRegularExpression(QStringLiteral("--token ([a-z0-9]{6})\\.")).match(result.out);
        if (created.hasMatch())
            deleteTokenAtEnd(created.captured(1));
        QVERIFY2(
            result.out.startsWith(QStringLiteral("kubeadm join lb.kubestrap.test:7443 --token ")),
            qPrintable(result.out));
        QVERIFY(cluster->removeUntilEnd(path));
    }

    void theJoinCommandPinsTheCaAsOpensslComputesIt()
    {
        // Without kubeadm-config, nodes are sent where the admin's kubeconfig points.
        QVERIFY(cluster->removeUntilEnd(
            QStringLiteral("/api/v1/namespaces/kube-system/configmaps/kubeadm-config")));
        const auto result = cli({QStringLiteral("token"), QStringLiteral("create"),
                                 QStringLiteral("--print-join-command"), QStringLiteral("--ttl"),
                                 QStringLiteral("10m")});
        QVERIFY2(result.code == 0, qPrintable(result.err));
        static const QRegularExpression join(
            QStringLiteral("^kubeadm join (\\S+) --token ([a-z0-9]{6})\\.[a-z0-9]{16} "
                           "--discovery-token-ca-cert-hash sha256:([0-9a-f]{64})\\n$"));
        const auto match = join.match(result.out);
        QVERIFY2(match.hasMatch(), qPrintable(result.out));
        deleteTokenAtEnd(match.captured(2));
        QCOMPARE(QStringLiteral("https://") + match.captured(1), cluster->url());
        QVERIFY(!secretData(match.captured(2)).isEmpty());

        // kubeadm's documented recipe: the DER public key, hashed.
        QVERIFY(kubestrap::test::writeFile(home.filePath(QStringLiteral("ca.crt")),
                                           cluster->caCertificate()));
        const auto openssl = kubestrap::test::runProcess(
            QStringLiteral("sh"),
            {QStringLiteral("-c"),
             QStringLiteral("openssl x509 -pubkey -noout -in ca.crt | openssl pkey -pubin "
                            "-outform der | sha256sum")},
            home.path(), QProcessEnvironment::systemEnvironment());
        QCOMPARE(QString::fromLatin1(openssl.out.left(64)), match.captured(3));
    }
};

QTEST_GUILESS_MAIN(TestTokenCommands)
#include "test_token_commands.moc"
