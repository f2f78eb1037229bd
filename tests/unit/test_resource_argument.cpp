#include "resource_argument.h"

#include <QTest>

using namespace kubestrap;

// kubectl's TYPE argument as its REST mapper and short-name expander resolve it (facts from
// kubectl's cani.go resourceFor and client-go's shortcut expander tests), over a small
// discovery in the server's order: the core group first.
class TestResourceArgument : public QObject {
    Q_OBJECT

    const std::vector<ServedResource> served{
        {{},
         QStringLiteral("v1"),
         QStringLiteral("pods"),
         QStringLiteral("pod"),
         {QStringLiteral("po")},
         true},
        {{},
         QStringLiteral("v1"),
         QStringLiteral("events"),
         QStringLiteral("event"),
         {QStringLiteral("ev")},
         true},
        {{},
         QStringLiteral("v1"),
         QStringLiteral("nodes"),
         QStringLiteral("node"),
         {QStringLiteral("no")},
         false},
        {QStringLiteral("apps"),
         QStringLiteral("v1"),
         QStringLiteral("deployments"),
         QStringLiteral("deployment"),
         {QStringLiteral("deploy")},
         true},
        {QStringLiteral("autoscaling"),
         QStringLiteral("v2"),
         QStringLiteral("horizontalpodautoscalers"),
         QStringLiteral("horizontalpodautoscaler"),
         {QStringLiteral("hpa")},
         true},
        {QStringLiteral("events.k8s.io"),
         QStringLiteral("v1"),
         QStringLiteral("events"),
         QStringLiteral("event"),
         {QStringLiteral("ev")},
         true},
    };

private Q_SLOTS:
    void resolves_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<bool>("found");
        QTest::addColumn<bool>("namespaced");
        QTest::newRow("plural") << "pods"
                                << ""
                                << "pods" << true << true;
        QTest::newRow("singular") << "pod"
                                  << ""
                                  << "pods" << true << true;
        QTest::newRow("short name") << "po"
                                    << ""
                                    << "pods" << true << true;
        QTest::newRow("upper case") << "Pods"
                                    << ""
                                    << "pods" << true << true;
        QTest::newRow("group from discovery") << "deployments"
                                              << "apps"
                                              << "deployments" << true << true;
        QTest::newRow("short name of a group") << "deploy"
                                               << "apps"
                                               << "deployments" << true << true;
        QTest::newRow("with its group") << "deployments.apps"
                                        << "apps"
                                        << "deployments" << true << true;
        QTest::newRow("with version and group") << "deployments.v1.apps"
                                                << "apps"
                                                << "deployments" << true << true;
        QTest::newRow("group prefix of a short name") << "hpa.autoscal"
                                                      << "autoscaling"
                                                      << "horizontalpodautoscalers" << true << true;
        QTest::newRow("core group first") << "events"
                                          << ""
                                          << "events" << true << true;
        QTest::newRow("the other group named") << "events.events.k8s.io"
                                               << "events.k8s.io"
                                               << "events" << true << true;
        QTest::newRow("cluster scoped") << "no"
                                        << ""
                                        << "nodes" << true << false;
        QTest::newRow("everything") << "*"
                                    << ""
                                    << "*" << true << true;
        // Not served: used as it was given, case and dots and all, as kubectl does.
        QTest::newRow("unknown") << "Widgets.example.com"
                                 << ""
                                 << "Widgets.example.com" << false << true;
        QTest::newRow("wrong group") << "pods.apps"
                                     << ""
                                     << "pods.apps" << false << true;
    }

    void resolves()
    {
        QFETCH(QString, argument);
        QFETCH(QString, group);
        QFETCH(QString, resource);
        QFETCH(bool, found);
        QFETCH(bool, namespaced);
        const ResourceArgument resolved = resolveResourceArgument(served, argument);
        QCOMPARE(resolved.group, group);
        QCOMPARE(resolved.resource, resource);
        QCOMPARE(resolved.found, found);
        QCOMPARE(resolved.namespaced, namespaced);
    }
};

QTEST_GUILESS_MAIN(TestResourceArgument)
#include "test_resource_argument.moc"
