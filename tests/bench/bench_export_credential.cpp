// A kubeconfig for a new user with a client certificate, on the same sandbox: what an admin types
// by hand (openssl for the key and CSR, kubectl to submit, approve and fetch the certificate, then
// kubectl config to build and flatten the file) against one `kubestrap-cli kubeconfig export
// --credential client-cert`. Reports the median wall time of each and the ratio; asserts only
// that every run made its file.

#include "kubectl.h"
#include "test_cluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

using namespace kubestrap;

// The manual procedure, as the Kubernetes docs give it. $1 kubectl, $2 the admin kubeconfig,
// $3 a folder, $4 the user.
const char *kManual = R"(set -e
K=$1; export KUBECONFIG=$2; d=$3; user=$4
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $d/key.pem 2>/dev/null
openssl req -new -key $d/key.pem -subj "/CN=$user/O=devs" -out $d/csr.pem
cat > $d/csr.yaml <<Y
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: $user}
spec:
  request: $(base64 -w0 < $d/csr.pem)
  signerName: kubernetes.io/kube-apiserver-client
  usages: [client auth]
  expirationSeconds: 7200
Y
$K create -f $d/csr.yaml >/dev/null
$K certificate approve $user >/dev/null
until cert=$($K get csr $user -o jsonpath='{.status.certificate}') && [ -n "$cert" ]; do sleep 0.2; done
echo "$cert" | base64 -d > $d/cert.pem
cp $2 $d/out.kubeconfig
export KUBECONFIG=$d/out.kubeconfig
$K config set-credentials $user --client-certificate=$d/cert.pem --client-key=$d/key.pem --embed-certs >/dev/null
$K config set-context --current --user=$user >/dev/null
$K config view --minify --flatten > $d/final.kubeconfig
)";

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 5;
    QString error;
    auto cluster = test::TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error);
    if (!cluster) {
        std::fprintf(stderr, "cannot start the sandbox: %s\n", qPrintable(error));
        return 1;
    }
    QTemporaryDir work;
    const auto environment = test::kubeconfigEnvironment(work.path(), cluster->adminKubeconfig());
    std::vector<double> ours;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        const auto made = test::runProcess(
            QStringLiteral(KUBESTRAP_CLI),
            {QStringLiteral("kubeconfig"), QStringLiteral("export"), QStringLiteral("--credential"),
             QStringLiteral("client-cert"), QStringLiteral("--cn"),
             QStringLiteral("ours-%1").arg(run), QStringLiteral("--group"), QStringLiteral("devs"),
             QStringLiteral("--expiration"), QStringLiteral("2h"), QStringLiteral("--out"),
             work.filePath(QStringLiteral("ours-%1.kubeconfig").arg(run))},
            work.path(), environment);
        ours.push_back(timer.nsecsElapsed() / 1e9);
        if (made.exitCode != 0) {
            std::fprintf(stderr, "kubestrap-cli failed: %s\n", made.err.constData());
            return 1;
        }
    }
    std::printf("kubestrap-cli kubeconfig export --credential client-cert: %.2f s (median of %d)\n",
                median(ours), runs);

    const QString kubectl = test::findKubectl();
    if (kubectl.isEmpty() || QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty()) {
        std::printf("by hand: not measured (kubectl or openssl missing)\n");
        return 0;
    }
    const QString script = work.filePath(QStringLiteral("manual.sh"));
    QFile file(script);
    if (!file.open(QIODevice::WriteOnly) || file.write(kManual) < 0)
        return 1;
    file.close();
    std::vector<double> manual;
    for (int run = 0; run < runs; ++run) {
        const QString folder = work.filePath(QStringLiteral("manual-%1").arg(run));
        QDir().mkpath(folder);
        QElapsedTimer timer;
        timer.start();
        const auto made = test::runProcess(QStringLiteral("bash"),
                                           {script, kubectl, cluster->adminKubeconfig(), folder,
                                            QStringLiteral("manual-%1").arg(run)},
                                           work.path(), environment);
        manual.push_back(timer.nsecsElapsed() / 1e9);
        if (made.exitCode != 0 || !QFile::exists(folder + QStringLiteral("/final.kubeconfig"))) {
            std::fprintf(stderr, "the manual procedure failed: %s\n", made.err.constData());
            return 1;
        }
    }
    std::printf("by hand (openssl, kubectl create/approve/get, kubectl config): %.2f s\n",
                median(manual));
    std::printf("ratio: %.1fx faster\n", median(manual) / median(ours));
    return 0;
}
