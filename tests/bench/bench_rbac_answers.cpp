// Who can, what can and the CSR approver's verdict on a cluster of many RoleBindings (50,000 by
// default, each binding a user and a service account to ClusterRole view, over 100 namespaces):
// from the RBAC index the panels read, kept current by the stores, against building an authorizer
// from a decode of the four stores as each question used to, and against kubectl asking the
// server (`kubectl auth can-i`). On the sandbox, or on the real cluster KUBESTRAP_TEST_KUBECONFIG
// names. Reports milliseconds (the median and the slowest of several rounds); asserts only that the
// answers are the ones the bindings give.

#include "api_paths.h"
#include "bench_objects.h"
#include "cluster_client.h"
#include "csr_review.h"
#include "kubectl.h"
#include "rbac_index.h"
#include "rbac_panel.h"
#include "resource_store.h"
#include "session_on.h"
#include "test_cluster.h"
#include "x509.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <algorithm>
#include <cstdio>

namespace {

using namespace kubestrap;

struct Timing {
    double median = 0;
    double slowest = 0;
};

template <typename Work>
Timing timed(int rounds, Work work)
{
    std::vector<double> times;
    for (int round = 0; round < rounds; ++round) {
        QElapsedTimer timer;
        timer.start();
        work();
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return {times[times.size() / 2], times.back()};
}

void report(const char *what, const Timing &timing)
{
    std::printf("%-58s %8.2f ms (slowest %.2f)\n", what, timing.median, timing.slowest);
}

// A kubelet's first client certificate request, as it sends it with a bootstrap token.
QJsonObject kubeletRequest()
{
    x509::CertificateProfile profile;
    profile.commonName = QStringLiteral("system:node:worker-1");
    profile.organizations = {QStringLiteral("system:nodes")};
    const QByteArray pem = *x509::createRequest(*x509::generatePrivateKey(), profile);
    return {
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("csr-bench")}}},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("request"), QString::fromLatin1(pem.toBase64())},
                     {QStringLiteral("signerName"),
                      QStringLiteral("kubernetes.io/kube-apiserver-client-kubelet")},
                     {QStringLiteral("username"), QStringLiteral("system:bootstrap:abcdef")},
                     {QStringLiteral("groups"), QJsonArray{QStringLiteral("system:bootstrappers"),
                                                           QStringLiteral("system:authenticated")}},
                     {QStringLiteral("usages"), QJsonArray{QStringLiteral("digital signature"),
                                                           QStringLiteral("client auth")}}}}};
}

// kubectl auth can-i, as the server answers it, timed.
double kubectlCanI(const QString &kubectl, const QString &kubeconfig, const QStringList &question)
{
    QTemporaryDir home;
    QElapsedTimer timer;
    timer.start();
    test::runProcess(kubectl,
                     QStringList{QStringLiteral("auth"), QStringLiteral("can-i")} + question,
                     home.path(), test::kubeconfigEnvironment(home.path(), kubeconfig));
    return double(timer.elapsed());
}

} // namespace

// Usage: bench_rbac_answers [BINDINGS]
int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int count = app.arguments().value(1, QStringLiteral("50000")).toInt();
    QString error;
    auto cluster = test::TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
    const test::BenchKind bindings = test::benchKind(QStringLiteral("rolebindings"));
    if (!cluster || !test::fillCluster(*cluster, bindings, count, &error)) {
        std::printf("cannot set up the cluster: %s\n", qPrintable(error));
        return 1;
    }
    const auto client = test::clientFor(cluster->adminKubeconfig(), &error);
    if (!client) {
        std::printf("%s\n", qPrintable(error));
        return 1;
    }
    std::printf("RoleBindings added: %d, on %s\n", count,
                cluster->isSandbox() ? "the sandbox" : "a real cluster");

    std::array<std::unique_ptr<ResourceStore>, 4> stores;
    std::array<ResourceStore *, 4> held{};
    const char *kinds[] = {"roles", "clusterroles", "rolebindings", "clusterrolebindings"};
    for (size_t i = 0; i < stores.size(); ++i) {
        stores[i] =
            std::make_unique<ResourceStore>(client.get(), paths::rbac(QLatin1String(kinds[i])));
        held[i] = stores[i].get();
    }
    RbacIndex index(held);
    QElapsedTimer timer;
    timer.start();
    QObject::connect(&index, &RbacIndex::changed, &app, [&] {
        if (index.ready())
            app.quit();
    });
    for (auto &store : stores)
        store->start();
    app.exec();
    std::printf("the four RBAC kinds listed and indexed: %lld ms\n", timer.elapsed());
    const rbac::Authorizer &rbac = *index.authorizer();

    // Binding i is in namespace team-(i % 100) on the sandbox; on a real cluster the namespace is
    // the run's own: read it from the binding.
    const int asked = std::min(4242, count - 1);
    QString ns;
    for (const QString &key : held[2]->keys())
        if (key.endsWith(QStringLiteral("/binding-%1").arg(asked)))
            ns = key.section(QLatin1Char('/'), 0, 0);
    const QString user = QStringLiteral("user-%1").arg(asked);
    const rbac::Request secrets{
        QStringLiteral("get"), {}, QStringLiteral("secrets"), {}, ns, {}, {}};
    const rbac::Request configmaps{
        QStringLiteral("list"), {}, QStringLiteral("configmaps"), {}, ns, {}, {}};
    const int rounds = 15;

    size_t grants = 0;
    report("who can list configmaps, in one namespace",
           timed(rounds, [&] { grants = rbac.whoCan(configmaps).size(); }));
    std::printf("  %zu grants\n", grants);
    report("who can list configmaps, in every namespace", timed(rounds, [&] {
               grants = rbac.whoCan(configmaps, rbac::Authorizer::Namespaces::Every).size();
           }));
    std::printf("  %zu grants\n", grants);
    const bool everyBindingAnswers = grants >= size_t(2 * count);
    report("who can get secrets, in one namespace",
           timed(rounds, [&] { grants = rbac.whoCan(secrets).size(); }));
    const rbac::UserInfo asker = rbac::withImplicitGroups({user, {}});
    size_t rules = 0;
    report("what can user-4242 do in its namespace",
           timed(rounds, [&] { rules = rbac.rulesFor(asker, ns).size(); }));
    bool allowed = false;
    report("may user-4242 list configmaps there",
           timed(rounds, [&] { allowed = rbac.authorize(asker, configmaps).allowed; }));
    const QJsonObject csr = kubeletRequest();
    QString verdict;
    report("the approver's verdict on a kubelet's client request",
           timed(rounds, [&] { verdict = reviewCsr(csr, rbac, {}).autoApproval; }));
    std::printf("  %s\n", qPrintable(verdict));

    // A change, as the RoleBindings' store announces a watch event (to a copy: the index is the
    // stores' to change).
    const QJsonObject binding = bindings.make(count, ns);
    rbac::Authorizer copy = rbac;
    report("taking in one new RoleBinding",
           timed(rounds, [&] { copy.update(rbac::Authorizer::Kind::RoleBinding, {binding}); }));

    // What each question cost before the index: the four stores decoded, an authorizer built.
    report("before: decode the four stores, build an authorizer", timed(3, [&] {
               const rbac::Authorizer fresh(held[0]->objects(), held[1]->objects(),
                                            held[2]->objects(), held[3]->objects());
               Q_UNUSED(fresh);
           }));

    // The RBAC panel's answer, from the click to every row in its list.
    const auto on = test::SessionOn::connect(cluster->adminKubeconfig(), &error);
    if (!on) {
        std::printf("%s\n", qPrintable(error));
        return 1;
    }
    RbacPanel panel(on->session.get());
    panel.resize(1200, 800);
    panel.show();
    if (!QTest::qWaitFor([&] { return on->session->rbac()->ready(); }, 120000))
        return 1;
    auto *answers = panel.findChild<QTreeWidget *>(QStringLiteral("answers"));
    int shown = 0;
    report("the panel: who can list configmaps, in every namespace", timed(5, [&] {
               panel.askWhoCan(QStringLiteral("list"), QStringLiteral("configmaps"));
               shown = answers->topLevelItemCount();
           }));
    std::printf("  %d rows\n", shown);
    report("the panel: who can list configmaps, in one namespace", timed(5, [&] {
               panel.askWhoCan(QStringLiteral("list"), QStringLiteral("configmaps"), {}, ns);
               shown = answers->topLevelItemCount();
           }));

    const QString kubectl = test::findKubectl();
    if (!kubectl.isEmpty()) {
        const double canI = kubectlCanI(kubectl, cluster->adminKubeconfig(),
                                        {QStringLiteral("list"), QStringLiteral("configmaps"),
                                         QStringLiteral("-n"), ns, QStringLiteral("--as"), user});
        const double list = kubectlCanI(
            kubectl, cluster->adminKubeconfig(),
            {QStringLiteral("--list"), QStringLiteral("-n"), ns, QStringLiteral("--as"), user});
        std::printf("kubectl auth can-i list configmaps --as %s: %.0f ms\n", qPrintable(user),
                    canI);
        std::printf("kubectl auth can-i --list --as %s: %.0f ms\n", qPrintable(user), list);
    } else {
        std::printf("kubectl: not installed, no comparison\n");
    }
    return everyBindingAnswers && allowed && rules > 0 ? 0 : 1;
}
