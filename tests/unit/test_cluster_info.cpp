#include "cluster_info.h"
#include "jws.h"
#include "kubectl.h"
#include "test_files.h"

#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;

namespace {

const QByteArray kCa = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

BootstrapToken token(const char *text, const QStringList &usages, qint64 expiresIn = 3600)
{
    BootstrapToken t = *BootstrapToken::parse(QLatin1String(text));
    t.usages = usages;
    t.expiration = QDateTime::currentDateTimeUtc().addSecs(expiresIn);
    return t;
}

} // namespace

// cluster-info as kubeadm writes it and as a joining node reads it.
class TestClusterInfo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theKubeconfigIsWhatClientGoWrites()
    {
        const QByteArray ours = clusterInfoKubeconfig(QStringLiteral("https://10.0.0.1:6443"), kCa);
        const QString kubectl = test::findKubectl();
        if (kubectl.isEmpty())
            QSKIP("kubectl is not installed: it writes the reference");
        // kubectl writes a Config through the same client-go code kubeadm uses for cluster-info.
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("in.yaml"));
        QVERIFY(test::writeFile(file, "clusters:\n- name: \"\"\n  cluster:\n    server: "
                                      "https://10.0.0.1:6443\n    certificate-authority-data: "
                                          + kCa.toBase64() + "\n"));
        const auto theirs =
            test::runProcess(kubectl,
                             {QStringLiteral("config"), QStringLiteral("view"),
                              QStringLiteral("--raw"), QStringLiteral("--kubeconfig"), file},
                             dir.path(), test::kubeconfigEnvironment(dir.path(), file));
        QCOMPARE(ours, theirs.out);
    }

    void decodesWhatKubeadmWrites()
    {
        QJsonObject map = clusterInfoConfigMap(
            clusterInfoKubeconfig(QStringLiteral("https://10.0.0.1:6443"), kCa));
        QJsonObject data = map.value(QStringLiteral("data")).toObject();
        data.insert(QStringLiteral("jws-kubeconfig-abcdef"), QStringLiteral("x..y"));
        map.insert(QStringLiteral("data"), data);
        const auto info = decodeClusterInfo(map);
        QVERIFY(info);
        QCOMPARE(info->clusterName, QString());
        QCOMPARE(info->server, QStringLiteral("https://10.0.0.1:6443"));
        QCOMPARE(info->certificateAuthorityPem, kCa);
        QCOMPARE(info->signatures.at(QStringLiteral("abcdef")), QStringLiteral("x..y"));
        QVERIFY(info->deviations.isEmpty());
    }

    void deviationsAreNamed()
    {
        const QByteArray withUser =
            "clusters:\n- name: a\n  cluster: {server: https://a}\n- name: b\n  cluster: "
            "{server: https://b}\nusers:\n- name: u\n  user: {token: t}\n";
        const auto info = decodeClusterInfo(clusterInfoConfigMap(withUser));
        QVERIFY(info);
        const QString all = info->deviations.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("names 2 clusters")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("any credential in it is public")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("no embedded CA")), qPrintable(all));

        QVERIFY(!decodeClusterInfo(QJsonObject{}));
        QVERIFY(!decodeClusterInfo(clusterInfoConfigMap("clusters: [")));
        QVERIFY(!decodeClusterInfo(clusterInfoConfigMap("kind: Config\n")));
    }

    void everySignatureAndSigningTokenIsChecked()
    {
        ClusterInfo info;
        info.kubeconfig = clusterInfoKubeconfig(QStringLiteral("https://10.0.0.1:6443"), kCa);
        const BootstrapToken good = token("aaaaaa.0123456789abcdef", {QStringLiteral("signing")});
        const BootstrapToken forged = token("bbbbbb.0123456789abcdef", {QStringLiteral("signing")});
        const BootstrapToken unsigned_ =
            token("cccccc.0123456789abcdef", {QStringLiteral("signing")});
        const BootstrapToken old =
            token("dddddd.0123456789abcdef", {QStringLiteral("signing")}, -60);
        const BootstrapToken joinOnly =
            token("eeeeee.0123456789abcdef", {QStringLiteral("authentication")});
        info.signatures[good.id] = jws::detachedSignature(info.kubeconfig, good.id, good.secret);
        info.signatures[forged.id] =
            jws::detachedSignature(info.kubeconfig, forged.id, QStringLiteral("wrongwrongwrong0"));
        info.signatures[old.id] = jws::detachedSignature(info.kubeconfig, old.id, old.secret);
        info.signatures[QStringLiteral("ffffff")] = QStringLiteral("e30..e30");
        const auto checks = checkSignatures(info, {good, forged, unsigned_, old, joinOnly},
                                            QDateTime::currentDateTimeUtc());
        QStringList seen;
        for (const SignatureCheck &check : checks)
            seen << check.tokenId + QLatin1Char('=') + QString::number(int(check.state));
        using S = SignatureCheck::State;
        QCOMPARE(seen, (QStringList{QStringLiteral("aaaaaa=%1").arg(int(S::Valid)),
                                    QStringLiteral("bbbbbb=%1").arg(int(S::Invalid)),
                                    QStringLiteral("cccccc=%1").arg(int(S::Missing)),
                                    QStringLiteral("dddddd=%1").arg(int(S::ExpiredToken)),
                                    QStringLiteral("ffffff=%1").arg(int(S::UnknownToken))}));
        QVERIFY(checks[2].reason.contains(QStringLiteral("BootstrapSigner")));
    }
};

QTEST_GUILESS_MAIN(TestClusterInfo)
#include "test_cluster_info.moc"
