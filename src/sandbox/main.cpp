#include "api_resources.h"
#include "sandbox_server.h"
#include "version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <semaphore.h>
#include <thread>

namespace {

sem_t stopRequested;

void onSignal(int)
{
    sem_post(&stopRequested); // the only async-signal-safe way to wake the stopping thread
}

QString translate(const char *text)
{
    return QCoreApplication::translate("kubestrap-sandbox", text);
}

// The command line, as kube-apiserver and kube-controller-manager name the flags they share.
struct SandboxOptions {
    QCommandLineOption port{QStringLiteral("port"),
                            translate("Port to listen on; 0 or none picks a free one."),
                            translate("port"), QStringLiteral("0")};
    QCommandLineOption state{
        QStringLiteral("state"),
        translate("Folder for the sandbox's certificates and objects, kept across runs."),
        translate("dir")};
    QCommandLineOption kubeconfig{
        QStringLiteral("write-kubeconfig"),
        translate("Write an admin kubeconfig for the running server to this file."),
        translate("file")};
    QCommandLineOption demo{QStringLiteral("demo"),
                            translate("Seed a new cluster with demo teams, tokens, "
                                      "cluster-info, RBAC and certificate requests.")};
    QCommandLineOption user{
        QStringLiteral("user"),
        translate("Write the kubeconfig for this user instead of the administrator."),
        translate("name")};
    QCommandLineOption group{QStringLiteral("group"),
                             translate("With --user: a group of that user (repeatable)."),
                             translate("group")};
    QCommandLineOption adminToken{
        QStringLiteral("admin-token-file"),
        translate("Accept the bearer token in this file as the administrator "
                  "(user admin, group system:masters)."),
        translate("file")};
    QCommandLineOption controllers{
        QStringLiteral("controllers"),
        translate("Controllers to run, as kube-controller-manager's flag: * (the default) or "
                  "names, -name to leave "
                  "one out (tokencleaner, bootstrapsigner, csrapproving, csrsigning, "
                  "root-ca-cert-publisher, clusterrole-aggregation)."),
        translate("list"), QStringLiteral("*")};
    QCommandLineOption hide{
        QStringLiteral("disable-api"),
        translate("Do not serve this group version (repeatable), as an older API server would "
                  "not: e.g. authentication.k8s.io/v1."),
        translate("group/version")};
    QCommandLineOption bootstrapAuth{
        QStringLiteral("enable-bootstrap-token-auth"),
        translate("Accept bootstrap tokens as credentials, as kube-apiserver's flag: true (the "
                  "default) or false."),
        translate("bool"), QStringLiteral("true")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({port, state, kubeconfig, user, group, demo, adminToken, controllers,
                           hide, bootstrapAuth});
    }
};

// Applies the options to `server` and starts listening; the exit code if that fails.
std::optional<int> start(kubestrap::sandbox::SandboxServer &server,
                         const QCommandLineParser &parser, const SandboxOptions &options)
{
    if (!server.selectControllers(parser.value(options.controllers))) {
        std::fprintf(stderr, "kubestrap-sandbox: unknown controller in --controllers=%s\n",
                     qPrintable(parser.value(options.controllers)));
        return 2;
    }
    server.setBootstrapTokenAuth(parser.value(options.bootstrapAuth) != QLatin1String("false"));
    if (parser.isSet(options.adminToken)) {
        QFile file(parser.value(options.adminToken));
        const QString token = file.open(QIODevice::ReadOnly)
                                  ? QString::fromUtf8(file.readAll()).trimmed()
                                  : QString();
        if (token.isEmpty()) {
            std::fprintf(stderr, "kubestrap-sandbox: %s holds no token\n",
                         qPrintable(parser.value(options.adminToken)));
            return 1;
        }
        server.setAdminToken(token);
    }
    const auto bound = server.bind(parser.value(options.port).toInt(), parser.isSet(options.demo));
    if (!bound) {
        std::fprintf(stderr, "kubestrap-sandbox: %s\n", qPrintable(bound.error().message));
        return 1;
    }
    if (parser.isSet(options.kubeconfig)) {
        const bool admin = !parser.isSet(options.user);
        const auto written = server.writeKubeconfig(
            parser.value(options.kubeconfig),
            admin ? QStringLiteral("kubernetes-admin") : parser.value(options.user),
            admin ? QStringList{QStringLiteral("system:masters")} : parser.values(options.group));
        if (!written) {
            std::fprintf(stderr, "kubestrap-sandbox: %s\n", qPrintable(written.error().message));
            return 1;
        }
    }
    return std::nullopt;
}

// Serves until SIGINT or SIGTERM, then saves the state and exits.
void serveUntilStopped(kubestrap::sandbox::SandboxServer &server)
{
    sem_init(&stopRequested, 0, 0);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::thread stopper([&server] {
        while (sem_wait(&stopRequested) != 0) {
        }
        server.stop(); // closes the listener, ends the watches, saves the state
        // Idle keep-alive connections would hold the worker threads, and so the exit, for their
        // whole timeout; there is nothing left to do for them.
        std::fflush(nullptr);
        std::_Exit(0);
    });
    std::printf("serving on %s\n", qPrintable(server.url()));
    std::fflush(stdout);
    server.serve();
    sem_post(&stopRequested); // serve() may also end on its own: stop the same way
    stopper.join();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("kubestrap-sandbox"));
    app.setApplicationVersion(QLatin1String(kubestrap::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        translate("A local HTTPS Kubernetes API with real authentication, for trying Kubestrap and "
                  "for its integration "
                  "tests. Listens on 127.0.0.1 only."));
    parser.addHelpOption();
    parser.addVersionOption();
    const SandboxOptions options;
    options.addTo(parser);
    parser.process(app);
    kubestrap::sandbox::hideGroupVersions(parser.values(options.hide));

    auto pki = kubestrap::sandbox::SandboxPki::loadOrCreate(parser.value(options.state));
    if (!pki) {
        std::fprintf(stderr, "kubestrap-sandbox: %s\n", qPrintable(pki.error().message));
        return 1;
    }
    kubestrap::sandbox::SandboxServer server(std::move(*pki), parser.value(options.state));
    if (const auto failed = start(server, parser, options))
        return *failed;
    serveUntilStopped(server);
    return 0;
}
