#include "configmap_summary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace kubestrap;

namespace {

QJsonObject configMap(const QString &ns, const QString &name, const QJsonObject &more = {})
{
    QJsonObject metadata = more;
    metadata.insert(QStringLiteral("namespace"), ns);
    metadata.insert(QStringLiteral("name"), name);
    return {{QStringLiteral("kind"), QStringLiteral("ConfigMap")},
            {QStringLiteral("metadata"), metadata}};
}

} // namespace

// Who keeps a ConfigMap, how big it is, and what breaks when a system one changes.
class TestConfigMapSummary : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theManagerIsNamed_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<QString>("manager");
        const QJsonObject helm{
            {QStringLiteral("labels"),
             QJsonObject{{QStringLiteral("app.kubernetes.io/managed-by"), QStringLiteral("Helm")}}},
            {QStringLiteral("annotations"),
             QJsonObject{{QStringLiteral("meta.helm.sh/release-name"), QStringLiteral("web")}}}};
        QTest::newRow("helm release")
            << configMap(QStringLiteral("shop"), QStringLiteral("web"), helm)
            << QStringLiteral("Helm (release web)");
        const QJsonObject owned{
            {QStringLiteral("ownerReferences"),
             QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("Secret")},
                                    {QStringLiteral("name"), QStringLiteral("first")}},
                        QJsonObject{{QStringLiteral("kind"), QStringLiteral("Deployment")},
                                    {QStringLiteral("name"), QStringLiteral("web")},
                                    {QStringLiteral("controller"), true}}}}};
        QTest::newRow("the controlling owner")
            << configMap(QStringLiteral("shop"), QStringLiteral("cache"), owned)
            << QStringLiteral("Deployment/web");
        QTest::newRow("root CA in any namespace")
            << configMap(QStringLiteral("shop"), QStringLiteral("kube-root-ca.crt"))
            << QStringLiteral("kube-controller-manager");
        QTest::newRow("kubeadm-config")
            << configMap(QStringLiteral("kube-system"), QStringLiteral("kubeadm-config"))
            << QStringLiteral("kubeadm");
        QTest::newRow("kubelet-config of 1.23")
            << configMap(QStringLiteral("kube-system"), QStringLiteral("kubelet-config-1.23"))
            << QStringLiteral("kubeadm");
        QTest::newRow("cluster-info")
            << configMap(QStringLiteral("kube-public"), QStringLiteral("cluster-info"))
            << QStringLiteral("kubeadm");
        QTest::newRow("a namesake elsewhere is not kubeadm's")
            << configMap(QStringLiteral("shop"), QStringLiteral("kubeadm-config")) << QString();
        QTest::newRow("apiserver's") << configMap(
            QStringLiteral("kube-system"), QStringLiteral("extension-apiserver-authentication"))
                                     << QStringLiteral("kube-apiserver");
        const QJsonObject argo{
            {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app.kubernetes.io/managed-by"),
                                                    QStringLiteral("argocd")}}}};
        QTest::newRow("another manager's label")
            << configMap(QStringLiteral("shop"), QStringLiteral("x"), argo)
            << QStringLiteral("argocd");
    }

    void theManagerIsNamed()
    {
        QFETCH(QJsonObject, object);
        QFETCH(QString, manager);
        QCOMPARE(configmaps::managedBy(object), manager);
    }

    void theSizeCountsKeysAndDecodedBinaryData()
    {
        QJsonObject object = configMap(QStringLiteral("a"), QStringLiteral("b"));
        object.insert(QStringLiteral("data"),
                      QJsonObject{{QStringLiteral("k"), QStringLiteral("ü")}}); // 1 + 2 bytes
        object.insert(QStringLiteral("binaryData"),
                      QJsonObject{{QStringLiteral("bin"),
                                   QString::fromLatin1(QByteArray(10, '\0').toBase64())}});
        QCOMPARE(configmaps::sizeOf(object), qint64(3 + 3 + 10));
    }

    void theDigestKeepsWhatTheListShows_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QJsonObject full = configMap(
            QStringLiteral("team"), QStringLiteral("web"),
            {{QStringLiteral("labels"), QJsonObject{{QStringLiteral("app.kubernetes.io/managed-by"),
                                                     QStringLiteral("Helm")}}},
             {QStringLiteral("annotations"),
              QJsonObject{{QStringLiteral("meta.helm.sh/release-name"), QStringLiteral("web")},
                          {QStringLiteral("kubectl.kubernetes.io/last-applied-configuration"),
                           QString(4000, QLatin1Char('x'))}}}});
        full.insert(QStringLiteral("immutable"), true);
        full.insert(QStringLiteral("data"),
                    QJsonObject{{QStringLiteral("app.yaml"), QString(9000, QLatin1Char('a'))},
                                {QStringLiteral("ü"), QStringLiteral("ünïcode")}});
        full.insert(QStringLiteral("binaryData"),
                    QJsonObject{{QStringLiteral("logo.png"),
                                 QString::fromLatin1(QByteArray(700, '\x89').toBase64())}});
        QTest::newRow("keys, metadata and immutable") << full;
        QJsonObject binaryOnly = configMap(QStringLiteral("a"), QStringLiteral("b"));
        binaryOnly.insert(QStringLiteral("binaryData"),
                          QJsonObject{{QStringLiteral("blob"),
                                       QString::fromLatin1(QByteArray(3, 'z').toBase64())}});
        QTest::newRow("binary data only") << binaryOnly;
    }

    void theDigestKeepsWhatTheListShows()
    {
        QFETCH(QJsonObject, object);
        const QJsonObject digest = configmaps::digest(object);
        QVERIFY(configmaps::isDigest(digest));
        QVERIFY(!configmaps::isDigest(object));
        // Everything a row shows reads the same from the digest, in far fewer bytes.
        QCOMPARE(configmaps::sizeOf(digest), configmaps::sizeOf(object));
        QCOMPARE(configmaps::managedBy(digest), configmaps::managedBy(object));
        QCOMPARE(digest.value(QStringLiteral("immutable")),
                 object.value(QStringLiteral("immutable")));
        for (const char *field : {"data", "binaryData"})
            QCOMPARE(digest.value(QLatin1String(field)).toObject().keys(),
                     object.value(QLatin1String(field)).toObject().keys());
        QVERIFY(QJsonDocument(digest).toJson(QJsonDocument::Compact).size() < 400);
        QVERIFY(!digest.value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("annotations"))
                     .toObject()
                     .contains(QStringLiteral("kubectl.kubernetes.io/last-applied-configuration")));
        // A digest of a digest is the same digest: a store may be handed one back.
        QCOMPARE(configmaps::digest(digest), digest);
    }

    void aConfigMapWithNoKeysIsItsOwnDigest()
    {
        const QJsonObject empty = configMap(QStringLiteral("a"), QStringLiteral("b"));
        QCOMPARE(configmaps::digest(empty), empty);
        QVERIFY(!configmaps::isDigest(empty)); // nothing to read: it is shown as it is
    }

    void systemConfigMapsSayWhatBreaks()
    {
        QVERIFY(configmaps::systemWarning(QStringLiteral("kube-system"),
                                          QStringLiteral("kubeadm-config"))
                    .contains(QStringLiteral("upgrade")));
        QVERIFY(
            configmaps::systemWarning(QStringLiteral("kube-public"), QStringLiteral("cluster-info"))
                .contains(QStringLiteral("kubeadm join")));
        QVERIFY(
            configmaps::systemWarning(QStringLiteral("shop"), QStringLiteral("kube-root-ca.crt"))
                .contains(QStringLiteral("trust")));
        for (const char *name :
             {"kube-proxy", "coredns", "extension-apiserver-authentication", "kubelet-config"})
            QVERIFY2(!configmaps::systemWarning(QStringLiteral("kube-system"), QLatin1String(name))
                          .isEmpty(),
                     name);
        QCOMPARE(configmaps::systemWarning(QStringLiteral("shop"), QStringLiteral("coredns")),
                 QString());
        QCOMPARE(configmaps::systemWarning(QStringLiteral("kube-system"), QStringLiteral("mine")),
                 QString());
    }
};

QTEST_GUILESS_MAIN(TestConfigMapSummary)
#include "test_configmap_summary.moc"
