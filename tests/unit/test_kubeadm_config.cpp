#include "kubeadm_config.h"

#include <QTest>

using namespace kubestrap;

namespace {

// kube-system/kubeadm-config with `clusterConfiguration` as its ClusterConfiguration.
QJsonObject kubeadmConfig(const QString &clusterConfiguration)
{
    return {{QStringLiteral("data"),
             QJsonObject{{QStringLiteral("ClusterConfiguration"), clusterConfiguration}}}};
}

// As kubeadm init writes it (v1beta4), with `endpoint` as the controlPlaneEndpoint line.
QString written(const QString &endpoint)
{
    return QStringLiteral("apiServer: {}\napiVersion: kubeadm.k8s.io/v1beta4\n") + endpoint
           + QStringLiteral("\ncertificatesDir: /etc/kubernetes/pki\nclusterName: kubernetes\n"
                            "kind: ClusterConfiguration\nkubernetesVersion: v1.32.0\n"
                            "networking:\n  dnsDomain: cluster.local\n"
                            "  serviceSubnet: 10.96.0.0/12\n");
}

} // namespace

// The address nodes join through, read from kubeadm's ClusterConfiguration.
class TestKubeadmConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theEndpointIsAnHttpsUrl_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("url");
        QTest::newRow("a load balancer")
            << QStringLiteral("controlPlaneEndpoint: lb.example.com:6443")
            << QStringLiteral("https://lb.example.com:6443");
        QTest::newRow("kind") << QStringLiteral("controlPlaneEndpoint: kind-control-plane:6443")
                              << QStringLiteral("https://kind-control-plane:6443");
        // kubeadm: without a port, the API server's bind port (6443 unless set otherwise).
        QTest::newRow("no port") << QStringLiteral("controlPlaneEndpoint: 10.0.0.10")
                                 << QStringLiteral("https://10.0.0.10:6443");
        QTest::newRow("IPv6") << QStringLiteral("controlPlaneEndpoint: \"[fd00::10]:8443\"")
                              << QStringLiteral("https://[fd00::10]:8443");
    }

    void theEndpointIsAnHttpsUrl()
    {
        QFETCH(QString, line);
        QFETCH(QString, url);
        const auto endpoint = controlPlaneEndpoint(kubeadmConfig(written(line)));
        QVERIFY(endpoint);
        QCOMPARE(endpoint->toString(), url);
    }

    void nothingWhereThereIsNone_data()
    {
        QTest::addColumn<QJsonObject>("config");
        QTest::newRow("kubeadm without one") << kubeadmConfig(written(QString()));
        QTest::newRow("empty") << kubeadmConfig(
            written(QStringLiteral("controlPlaneEndpoint: \"\"")));
        QTest::newRow("not a string")
            << kubeadmConfig(written(QStringLiteral("controlPlaneEndpoint: {host: a}")));
        QTest::newRow("with a path")
            << kubeadmConfig(written(QStringLiteral("controlPlaneEndpoint: lb:6443/api")));
        QTest::newRow("not YAML") << kubeadmConfig(QStringLiteral("controlPlaneEndpoint: [lb"));
        QTest::newRow("no ClusterConfiguration")
            << QJsonObject{{QStringLiteral("data"), QJsonObject{}}};
    }

    void nothingWhereThereIsNone()
    {
        QFETCH(QJsonObject, config);
        QVERIFY(!controlPlaneEndpoint(config));
    }
};

QTEST_GUILESS_MAIN(TestKubeadmConfig)
#include "test_kubeadm_config.moc"
