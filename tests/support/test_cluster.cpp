#include "test_cluster.h"

#include "api_client.h"
#include "bootstrap_plan.h"
#include "cluster_client.h"
#include "demo_cluster.h"
#include "kubeadm_config.h"
#include "kubeconfig_loader.h"
#include "test_files.h"
#include "x509.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QLockFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

namespace kubestrap::test {

namespace {

// A kubeconfig for the test cluster with `credentials`, the body of its one user.
QByteArray kubeconfig(const QString &server, const QByteArray &ca, const QString &user,
                      const QByteArray &credentials)
{
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster: {server: "
           + server.toUtf8() + ", certificate-authority-data: " + ca.toBase64()
           + "}\nusers:\n- name: " + user.toUtf8() + "\n  user: " + credentials
           + "\ncontexts:\n- name: test\n  context: {cluster: test, user: " + user.toUtf8()
           + "}\ncurrent-context: test\n";
}

// Five characters that make this run's names its own, the same for every cluster it opens.
QString runId()
{
    static const QString id = [] {
        const QString alphabet = QStringLiteral("abcdefghijklmnopqrstuvwxyz0123456789");
        QString chosen;
        for (int i = 0; i < 5; ++i)
            chosen += alphabet.at(QRandomGenerator::global()->bounded(int(alphabet.size())));
        return chosen;
    }();
    return id;
}

const char *kCsrs = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

} // namespace

std::unique_ptr<TestCluster> TestCluster::start(const QString &sandboxProgram, QString *error,
                                                const QStringList &sandboxArguments)
{
    std::unique_ptr<TestCluster> cluster(new TestCluster);
    const QString external = qEnvironmentVariable("KUBESTRAP_TEST_KUBECONFIG");
    if (!external.isEmpty()) {
        if (!cluster->adopt(external, error))
            return nullptr;
        if (sandboxArguments.contains(QStringLiteral("--demo")) && !cluster->seedDemo(error))
            return nullptr;
        return cluster;
    }
    return startSandbox(sandboxProgram, error, sandboxArguments);
}

std::unique_ptr<TestCluster> TestCluster::startSandbox(const QString &sandboxProgram,
                                                       QString *error,
                                                       const QStringList &sandboxArguments)
{
    std::unique_ptr<TestCluster> cluster(new TestCluster);
    cluster->admin = cluster->dir.filePath(QStringLiteral("admin.kubeconfig"));
    cluster->program = sandboxProgram;
    cluster->arguments =
        QStringList{QStringLiteral("--state"), cluster->dir.filePath(QStringLiteral("state")),
                    QStringLiteral("--write-kubeconfig"), cluster->admin}
        + sandboxArguments;
    if (!cluster->launch(cluster->arguments, error))
        return nullptr;
    cluster->ca = readFile(cluster->dir.filePath(QStringLiteral("state/pki/ca.crt")));
    return cluster;
}

namespace {

// One test process at a time works on a real cluster: tests there change what the cluster has
// once (cluster-info, kubeadm's bindings), and ctest -j would run them side by side. The lock is
// taken by the first TestCluster of a process and held until its last one goes.
std::shared_ptr<QLockFile> lockRealCluster(const QString &server)
{
    static std::weak_ptr<QLockFile> held;
    if (auto lock = held.lock())
        return lock;
    const QString name = QStringLiteral("kubestrap-tests-%1.lock")
                             .arg(QString::fromLatin1(
                                 QCryptographicHash::hash(server.toUtf8(), QCryptographicHash::Sha1)
                                     .toHex()
                                     .left(12)));
    auto lock = std::make_shared<QLockFile>(QDir::temp().filePath(name));
    lock->setStaleLockTime(0); // a lock whose process died is taken over at once
    if (!lock->lock())
        return nullptr;
    held = lock;
    return lock;
}

} // namespace

bool TestCluster::adopt(const QString &kubeconfigFile, QString *error)
{
    admin = kubeconfigFile;
    const auto file = loadKubeconfigFile(kubeconfigFile);
    const auto connection =
        file ? ClusterConnection::fromKubeconfig(file->config, file->config.currentContext)
             : Result<ClusterConnection>(unexpected(file.error()));
    if (!connection) {
        if (error)
            *error =
                QStringLiteral("KUBESTRAP_TEST_KUBECONFIG: %1").arg(connection.error().message);
        return false;
    }
    serverUrl = connection->server().toString();
    ca = connection->certificateAuthorityPem();
    context = file->config.currentContext;
    realClusterLock = lockRealCluster(serverUrl);
    const auto review = call(
        "POST", QStringLiteral("/apis/authentication.k8s.io/v1/selfsubjectreviews"),
        QJsonObject{{QStringLiteral("kind"), QStringLiteral("SelfSubjectReview")},
                    {QStringLiteral("apiVersion"), QStringLiteral("authentication.k8s.io/v1")}},
        error);
    if (!review)
        return false;
    adminName = review->value(QStringLiteral("status"))
                    .toObject()
                    .value(QStringLiteral("userInfo"))
                    .toObject()
                    .value(QStringLiteral("username"))
                    .toString();
    return true;
}

bool TestCluster::launch(const QStringList &launchArguments, QString *error)
{
    process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->start(program, launchArguments);
    // The sandbox prints its address once it serves; the kubeconfig is written before that.
    const QRegularExpression serving(QStringLiteral("serving on (https://\\S+)"));
    QDeadlineTimer deadline(30000);
    QByteArray output;
    while (!deadline.hasExpired() && process->state() != QProcess::NotRunning) {
        process->waitForReadyRead(200);
        output += process->readAllStandardOutput();
        if (const auto match = serving.match(QString::fromUtf8(output)); match.hasMatch()) {
            serverUrl = match.captured(1);
            return true;
        }
    }
    if (error)
        *error = QStringLiteral("kubestrap-sandbox did not start: %1")
                     .arg(QString::fromUtf8(process->readAllStandardError()));
    return false;
}

bool TestCluster::restart(QString *error,
                          const std::function<void(const QString &stateFile)> &whileStopped)
{
    if (!isSandbox())
        return false;
    process->terminate();
    if (!process->waitForFinished(10000)) {
        process->kill();
        process->waitForFinished();
    }
    if (whileStopped)
        whileStopped(dir.filePath(QStringLiteral("state/objects.json")));
    return launch(
        arguments + QStringList{QStringLiteral("--port"), QString::number(QUrl(serverUrl).port())},
        error);
}

TestCluster::~TestCluster()
{
    if (isSandbox()) {
        if (process->state() != QProcess::NotRunning) {
            process->terminate(); // SIGTERM: the sandbox stops cleanly; its state goes with it
            if (!process->waitForFinished(10000))
                process->kill();
        }
        return;
    }
    for (auto it = toRestore.rbegin(); it != toRestore.rend(); ++it) {
        if (!it->before) {
            call("DELETE", it->path);
            continue;
        }
        // Put back what was there, whatever happened to it since: the current version is
        // replaced, or the object made again if a test deleted it.
        QJsonObject object = *it->before;
        QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
        for (const char *field : {"resourceVersion", "uid", "creationTimestamp", "managedFields"})
            metadata.remove(QLatin1String(field));
        object.insert(QStringLiteral("metadata"), metadata);
        if (!call("PUT", it->path, object))
            call("POST", it->path.section(QLatin1Char('/'), 0, -2), object);
    }
    for (auto it = toDelete.rbegin(); it != toDelete.rend(); ++it)
        call("DELETE", *it);
    for (const Collection &collection : collectionsToTrim) {
        const QString base = collection.path.section(QLatin1Char('?'), 0, 0) + QLatin1Char('/');
        for (const QString &name : namesIn(collection.path)) {
            if (!collection.before.contains(name))
                call("DELETE", base + name);
        }
    }
}

QStringList TestCluster::namesIn(const QString &collection)
{
    QStringList names;
    const auto list = call("GET", collection);
    for (const QJsonValue &item :
         list ? list->value(QStringLiteral("items")).toArray() : QJsonArray())
        names << item.toObject()
                     .value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString();
    return names;
}

void TestCluster::deleteNewAtEnd(const QString &collection)
{
    if (!isSandbox())
        collectionsToTrim.push_back({collection, namesIn(collection)});
}

bool TestCluster::emptyOfBootstrap()
{
    if (isSandbox())
        return true;
    // The tokens the cluster holds already (kubeadm's own lasts a day) are put aside until the
    // end, or the procedure would join with one of them; the tokens it makes next (a wizard's,
    // apply's) go at the end.
    const QString tokens = QStringLiteral("/api/v1/namespaces/kube-system/secrets?"
                                          "fieldSelector=type%3Dbootstrap.kubernetes.io%2Ftoken");
    deleteNewAtEnd(tokens); // first, so that the ones put back are not taken for new
    for (const QString &name : namesIn(tokens))
        if (!removeUntilEnd(QStringLiteral("/api/v1/namespaces/kube-system/secrets/") + name))
            return false;
    BootstrapOptions options;
    options.server = serverUrl;
    options.certificateAuthority = ca;
    options.token = *BootstrapToken::generate(QDateTime::currentDateTimeUtc());
    options.groups = {QLatin1String(BootstrapToken::kDefaultGroup)};
    for (const BootstrapPart part : allBootstrapParts())
        options.parts.insert(part);
    const auto plan = planBootstrap(options);
    if (!plan)
        return false;
    for (const PlannedObject &planned : *plan) {
        if (planned.kind() != QLatin1String("Secret") && !removeUntilEnd(planned.path))
            return false;
    }
    return true;
}

std::optional<QJsonObject> TestCluster::call(const QByteArray &verb, const QString &path,
                                             const QJsonObject &body, QString *error)
{
    auto client = clientFor(admin, error);
    if (!client)
        return std::nullopt;
    const auto answer = waitFor([&](ApiClient::Callback done) {
        if (verb == "GET")
            client->get(path, done);
        else if (verb == "POST")
            client->create(path, body, done);
        else if (verb == "PUT")
            client->update(path, body, done);
        else
            client->remove(path, done);
    });
    if (!answer) {
        if (error)
            *error = QStringLiteral("%1 %2: %3")
                         .arg(QString::fromLatin1(verb), path, answer.error().message);
        return std::nullopt;
    }
    return *answer;
}

QString TestCluster::uniqueName(const QString &prefix)
{
    return prefix + QLatin1Char('-') + runId();
}

QString TestCluster::uniqueTokenId(char tag)
{
    return runId() + QLatin1Char(tag);
}

QString TestCluster::createNamespace(const QString &prefix)
{
    // Numbered within the run: a namespace deleted a moment ago may still be terminating.
    static int made = 0;
    const QString name = uniqueName(prefix) + QString::number(++made);
    QString error;
    if (!call(
            "POST", QStringLiteral("/api/v1/namespaces"),
            QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}}},
            &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    deleteAtEnd(QStringLiteral("/api/v1/namespaces/") + name);
    return name;
}

void TestCluster::deleteAtEnd(const QString &path)
{
    if (!isSandbox())
        toDelete.push_back(path);
}

bool TestCluster::setControlPlaneEndpoint(const QString &endpoint)
{
    const QString path = kubeadmConfigPath();
    if (!removeUntilEnd(path))
        return false;
    QString error;
    const QJsonObject config{
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), path.section(QLatin1Char('/'), -1)}}},
        {QStringLiteral("data"),
         QJsonObject{
             {QStringLiteral("ClusterConfiguration"),
              QStringLiteral("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"
                             "controlPlaneEndpoint: %1\n")
                  .arg(endpoint)}}}};
    if (call("POST", path.section(QLatin1Char('/'), 0, -2), config, &error))
        return true;
    qWarning("%s", qPrintable(error));
    return false;
}

bool TestCluster::removeUntilEnd(const QString &path)
{
    restoreAtEnd(path);
    QString error;
    if (call("DELETE", path, {}, &error) || error.contains(QLatin1String("not found")))
        return true;
    qWarning("%s", qPrintable(error));
    return false;
}

void TestCluster::restoreAtEnd(const QString &path)
{
    if (isSandbox())
        return;
    QString error;
    toRestore.push_back({path, call("GET", path, {}, &error)});
}

QString TestCluster::kubeconfigFor(const QString &user, const QStringList &groups)
{
    const auto key = x509::generatePrivateKey();
    if (!key)
        return {};
    x509::CertificateProfile profile;
    profile.commonName = user;
    profile.organizations = groups;
    profile.clientAuth = true;
    QByteArray certificate;
    if (isSandbox()) {
        const auto issued = x509::issue(*key, profile, ca,
                                        readFile(dir.filePath(QStringLiteral("state/pki/ca.key"))));
        if (!issued)
            return {};
        certificate = *issued;
    } else {
        // As an admin gets a colleague a certificate: request, approve, collect, and delete the
        // request (the certificate stays valid).
        const auto request = x509::createRequest(*key, profile);
        if (!request)
            return {};
        const QString name = uniqueName(QStringLiteral("kubestrap-test-") + user)
                                 .replace(QLatin1Char(':'), QLatin1Char('.'))
                                 .toLower();
        const QString path = QLatin1String(kCsrs) + QLatin1Char('/') + name;
        deleteAtEnd(path);
        QString error;
        const auto created =
            call("POST", QLatin1String(kCsrs),
                 QJsonObject{
                     {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
                     {QStringLiteral("spec"),
                      QJsonObject{
                          {QStringLiteral("request"), QString::fromLatin1(request->toBase64())},
                          {QStringLiteral("signerName"),
                           QStringLiteral("kubernetes.io/kube-apiserver-client")},
                          {QStringLiteral("expirationSeconds"), 3600},
                          {QStringLiteral("usages"), QJsonArray{QStringLiteral("digital signature"),
                                                                QStringLiteral("client auth")}}}}},
                 &error);
        if (!created) {
            qWarning("%s", qPrintable(error));
            return {};
        }
        if (!approve(path, &error)) {
            qWarning("%s", qPrintable(error));
            return {};
        }
        QDeadlineTimer deadline(30000);
        while (certificate.isEmpty() && !deadline.hasExpired()) {
            QTest::qWait(100);
            if (const auto now = call("GET", path))
                certificate = QByteArray::fromBase64(now->value(QStringLiteral("status"))
                                                         .toObject()
                                                         .value(QStringLiteral("certificate"))
                                                         .toString()
                                                         .toLatin1());
        }
        call("DELETE", path);
        if (certificate.isEmpty()) {
            qWarning("the cluster's signer issued no certificate for %s in 30 s", qPrintable(user));
            return {};
        }
    }
    QString file = user;
    const QString path = dir.filePath(file.replace(QLatin1Char(':'), QLatin1Char('_'))
                                      + QStringLiteral(".kubeconfig"));
    writeFile(path, kubeconfig(serverUrl, ca, user,
                               "{client-certificate-data: " + certificate.toBase64()
                                   + ", client-key-data: " + key->toBase64() + "}"));
    return path;
}

QString TestCluster::kubeconfigForToken(const QString &token)
{
    const QString path = dir.filePath(
        QStringLiteral("token-%1.kubeconfig").arg(token.section(QLatin1Char('.'), 0, 0)));
    writeFile(path, kubeconfig(serverUrl, ca, QStringLiteral("token"),
                               "{token: \"" + token.toUtf8() + "\"}"));
    return path;
}

bool TestCluster::seedDemo(QString *error)
{
    // The sandbox's demo, made through the API: its own namespaces, requests and cluster-wide
    // objects under this run's names (deleted at the end), kubeadm's objects under their own
    // names (put back at the end as they were), and writes made as others by impersonation.
    // Each demo of a run gets names of its own: the last one's namespaces may still be
    // terminating.
    static int demos = 0;
    const QString suffix = QString::number(++demos);
    const auto rename = [this, &suffix](const QString &name) {
        return demoNames.insert(name, uniqueName(name) + suffix).value();
    };
    // Only the part of kubeadm's bootstrap that the demo has.
    if (!emptyOfBootstrap()) {
        *error = QStringLiteral("kubeadm's bootstrap objects could not be cleared");
        return false;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto writes = sandbox::demoWrites(ca, serverUrl, now, rename);
    for (const sandbox::DemoWrite &write : writes) {
        const QString name = write.body.value(QStringLiteral("metadata"))
                                 .toObject()
                                 .value(QStringLiteral("name"))
                                 .toString();
        const QString item = write.path + QLatin1Char('/') + name;
        if (write.method == "APPROVE") {
            if (!approve(write.path, error))
                return false;
            continue;
        }
        std::optional<QJsonObject> done;
        if (name.startsWith(QLatin1String("kubeadm:")) || name == QLatin1String("cluster-info")
            || name == QLatin1String("kubeadm-config") || name == QLatin1String("kubelet-config")) {
            restoreAtEnd(item);
            done = call("PUT", item, write.body);
            if (!done)
                done = call("POST", write.path, write.body, error);
        } else {
            deleteAtEnd(item);
            done = write.user == QLatin1String("kubernetes-admin")
                       ? call("POST", write.path, write.body, error)
                       : callAs(write.user, write.groups, write.path, write.body, error);
        }
        if (!done)
            return false;
    }
    return true;
}

bool TestCluster::approve(const QString &csrPath, QString *error)
{
    // As `kubectl certificate approve`; the cluster's own controllers may write the request
    // meanwhile (a conflict): read it and try again.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const auto csr = call("GET", csrPath, {}, error);
        if (csr
            && call("PUT", csrPath + QStringLiteral("/approval"),
                    sandbox::approved(*csr, QDateTime::currentDateTimeUtc()), error))
            return true;
    }
    return false;
}

std::optional<QJsonObject> TestCluster::callAs(const QString &user, const QStringList &groups,
                                               const QString &collection, const QJsonObject &body,
                                               QString *error)
{
    auto file = loadKubeconfigFile(admin);
    if (!file) {
        *error = file.error().message;
        return std::nullopt;
    }
    Kubeconfig config = file->config;
    KubeconfigUser &credential = config.users[config.contexts[config.currentContext].user];
    credential.impersonate = user;
    credential.impersonateGroups = groups;
    credential.impersonateGroups.removeAll(QStringLiteral("system:authenticated"));
    const auto connection = ClusterConnection::fromKubeconfig(config, config.currentContext);
    if (!connection) {
        *error = connection.error().message;
        return std::nullopt;
    }
    ApiClient client(*connection);
    const auto answer =
        waitFor([&](ApiClient::Callback done) { client.create(collection, body, done); });
    if (!answer) {
        *error = QStringLiteral("POST %1 as %2: %3").arg(collection, user, answer.error().message);
        return std::nullopt;
    }
    return *answer;
}

} // namespace kubestrap::test
