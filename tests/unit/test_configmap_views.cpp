#include "configmap_explained.h"
#include "configmap_value.h"
#include "x509.h"

#include <QTest>

using namespace kubestrap;
using configmaps::ValueFormat;

namespace {

// As `kubeadm init` v1.31 writes kube-system/kubeadm-config.
const char *kClusterConfiguration = "apiServer:\n"
                                    "  certSANs:\n"
                                    "  - k8s.example.com\n"
                                    "  - 10.0.0.10\n"
                                    "apiVersion: kubeadm.k8s.io/v1beta4\n"
                                    "caCertificateValidityPeriod: 87600h0m0s\n"
                                    "certificateValidityPeriod: 8760h0m0s\n"
                                    "certificatesDir: /etc/kubernetes/pki\n"
                                    "clusterName: kubernetes\n"
                                    "controlPlaneEndpoint: k8s.example.com:6443\n"
                                    "controllerManager: {}\n"
                                    "dns: {}\n"
                                    "encryptionAlgorithm: RSA-2048\n"
                                    "etcd:\n"
                                    "  local:\n"
                                    "    dataDir: /var/lib/etcd\n"
                                    "imageRepository: registry.k8s.io\n"
                                    "kind: ClusterConfiguration\n"
                                    "kubernetesVersion: v1.31.4\n"
                                    "networking:\n"
                                    "  dnsDomain: cluster.local\n"
                                    "  podSubnet: 10.244.0.0/16\n"
                                    "  serviceSubnet: 10.96.0.0/12\n"
                                    "proxy: {}\n"
                                    "scheduler: {}\n";

QJsonObject configMap(const char *ns, const char *name, const QJsonObject &data)
{
    return {
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("namespace"), QLatin1String(ns)},
                                                 {QStringLiteral("name"), QLatin1String(name)}}},
        {QStringLiteral("data"), data}};
}

QString valueOf(const QList<configmaps::Fact> &facts, const QString &name)
{
    for (const auto &fact : facts)
        if (fact.name == name)
            return fact.value;
    return QStringLiteral("(none)");
}

QString concernOf(const QList<configmaps::Fact> &facts, const QString &name)
{
    for (const auto &fact : facts)
        if (fact.name == name)
            return fact.concern;
    return {};
}

} // namespace

// Which viewer a value gets, and what the ConfigMaps a bootstrap admin reads are explained as.
class TestConfigMapViews : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void eachValueGetsItsViewer_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("binary");
        QTest::addColumn<int>("format");
        const auto row = [](const char *name, const char *key, const QByteArray &value,
                            ValueFormat format, bool binary = false) {
            QTest::newRow(name) << QString::fromUtf8(key) << value << binary << int(format);
        };
        row("yaml by extension", "app.yaml", "anything", ValueFormat::Yaml);
        row("kubeadm's ClusterConfiguration", "ClusterConfiguration", kClusterConfiguration,
            ValueFormat::Yaml);
        row("a YAML list", "items", "- a\n- b\n", ValueFormat::Yaml);
        row("json by content", "settings", "{\"a\": [1, 2]}", ValueFormat::Json);
        row("not json after all", "note", "{ not json", ValueFormat::Text);
        row("ini sections", "nginx", "[server]\nport = 8080\n", ValueFormat::Ini);
        row("properties", "app", "# comment\nlog.level=debug\nlog.file = /var/log/a\n",
            ValueFormat::Ini);
        row("pem in any key", "ca.crt", "-----BEGIN CERTIFICATE-----\nMII\n", ValueFormat::Pem);
        row("plain text", "motd", "Welcome to the cluster.\nBe kind.", ValueFormat::Text);
        row("binary data", "logo", "\x89PNG", ValueFormat::Binary, true);
    }

    void eachValueGetsItsViewer()
    {
        QFETCH(QString, key);
        QFETCH(QByteArray, value);
        QFETCH(bool, binary);
        QFETCH(int, format);
        QCOMPARE(int(configmaps::formatOf(key, value, binary)), format);
    }

    void binaryIsNamedByItsFirstBytes()
    {
        QCOMPARE(configmaps::binaryType(QByteArray("\x89PNG\r\n\x1a\n\0\0", 10)),
                 QStringLiteral("PNG image"));
        QCOMPARE(configmaps::binaryType(QByteArray("\x1f\x8b\x08\x00", 4)),
                 QStringLiteral("gzip data"));
        QCOMPARE(configmaps::binaryType(QByteArray("\x01\x02\x03", 3)), QString());
    }

    void kubeadmConfigSaysWhereNodesJoinAndWhichVersion()
    {
        const auto facts =
            configmaps::explain(configMap("kube-system", "kubeadm-config",
                                          {{QStringLiteral("ClusterConfiguration"),
                                            QString::fromUtf8(kClusterConfiguration)}}),
                                QStringLiteral("v1.32.13"), QDateTime::currentDateTimeUtc());
        QCOMPARE(valueOf(facts, QStringLiteral("Control-plane endpoint")),
                 QStringLiteral("k8s.example.com:6443"));
        QCOMPARE(valueOf(facts, QStringLiteral("Kubernetes version")), QStringLiteral("v1.31.4"));
        QVERIFY(concernOf(facts, QStringLiteral("Kubernetes version"))
                    .contains(QStringLiteral("v1.32.13")));
        QCOMPARE(valueOf(facts, QStringLiteral("Pod subnet")), QStringLiteral("10.244.0.0/16"));
        QCOMPARE(valueOf(facts, QStringLiteral("API server certificate names")),
                 QStringLiteral("k8s.example.com, 10.0.0.10"));
        QCOMPARE(valueOf(facts, QStringLiteral("External etcd")), QStringLiteral("(none)"));

        // The same release built another way is no concern.
        const auto same =
            configmaps::explain(configMap("kube-system", "kubeadm-config",
                                          {{QStringLiteral("ClusterConfiguration"),
                                            QString::fromUtf8(kClusterConfiguration)}}),
                                QStringLiteral("v1.31.4+k3s1"), QDateTime::currentDateTimeUtc());
        QVERIFY(concernOf(same, QStringLiteral("Kubernetes version")).isEmpty());

        // Elsewhere the name means nothing.
        QVERIFY(configmaps::explain(configMap("shop", "kubeadm-config", {}), {}, {}).isEmpty());
    }

    void kubeletConfigWarnsOfServingCertificates()
    {
        const auto facts = configmaps::explain(
            configMap("kube-system", "kubelet-config",
                      {{QStringLiteral("kubelet"),
                        QStringLiteral("apiVersion: kubelet.config.k8s.io/v1beta1\n"
                                       "kind: KubeletConfiguration\ncgroupDriver: systemd\n"
                                       "clusterDNS:\n- 10.96.0.10\nserverTLSBootstrap: true\n")}}),
            {}, QDateTime::currentDateTimeUtc());
        QCOMPARE(valueOf(facts, QStringLiteral("Cgroup driver")), QStringLiteral("systemd"));
        QCOMPARE(valueOf(facts, QStringLiteral("Cluster DNS")), QStringLiteral("10.96.0.10"));
        QVERIFY(concernOf(facts, QStringLiteral("Serving certificates from CSRs"))
                    .contains(QStringLiteral("never approves")));
    }

    void theRootCaSaysWhenItExpires()
    {
        const auto key = x509::generatePrivateKey();
        QVERIFY(key);
        x509::CertificateProfile profile;
        profile.commonName = QStringLiteral("kubernetes");
        profile.certificateAuthority = true;
        profile.validity = std::chrono::hours(24 * 10);
        const auto ca = x509::selfSign(*key, profile);
        QVERIFY(ca);
        const auto facts =
            configmaps::explain(configMap("shop", "kube-root-ca.crt",
                                          {{QStringLiteral("ca.crt"), QString::fromUtf8(*ca)}}),
                                {}, QDateTime::currentDateTimeUtc());
        QVERIFY(valueOf(facts, QStringLiteral("CA"))
                    .startsWith(QStringLiteral("kubernetes, valid until")));
        QVERIFY(concernOf(facts, QStringLiteral("CA")).contains(QStringLiteral("30 days")));
        const auto later =
            configmaps::explain(configMap("shop", "kube-root-ca.crt",
                                          {{QStringLiteral("ca.crt"), QString::fromUtf8(*ca)}}),
                                {}, QDateTime::currentDateTimeUtc().addDays(11));
        QVERIFY(concernOf(later, QStringLiteral("CA")).startsWith(QStringLiteral("Expired")));
    }
};

QTEST_GUILESS_MAIN(TestConfigMapViews)
#include "test_configmap_views.moc"
