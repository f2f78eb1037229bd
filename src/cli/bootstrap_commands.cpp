#include "bootstrap_commands.h"

#include "bootstrap_apply.h"
#include "bootstrap_cluster.h"
#include "bootstrap_plan.h"
#include "cluster_access.h"
#include "join_command.h"
#include "token_commands.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::bootstrap", text);
}

// The options every bootstrap command shares, and reading them into BootstrapOptions.
struct PlanOptions {
    QCommandLineOption server{QStringLiteral("server"),
                              tr("The API server URL nodes will use (https://host:port)."),
                              tr("url")};
    QCommandLineOption ca{QStringLiteral("ca"),
                          tr("The cluster's CA certificate (PEM file) to put in cluster-info."),
                          tr("file")};
    QCommandLineOption token{QStringLiteral("token"),
                             tr("The bootstrap token to use; a new random one by default."),
                             tr("id.secret")};
    QCommandLineOption ttl{QStringLiteral("ttl"), tr("The new token's lifetime; 0: never expires."),
                           tr("duration"), QStringLiteral("24h")};
    QCommandLineOption groups{QStringLiteral("groups"),
                              tr("The bootstrap groups to bind (the token's extra groups)."),
                              tr("list"), QLatin1String(BootstrapToken::kDefaultGroup)};
    QCommandLineOption parts{QStringLiteral("parts"),
                             tr("Only these parts (token, cluster-info, anonymous-read, "
                                "node-bootstrapper, get-nodes, auto-approve-first, "
                                "auto-approve-renewals); all by default."),
                             tr("list")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({server, ca, token, ttl, groups, parts});
    }

    // The options as given; `server` and `caPem` fill in what the command line leaves out.
    std::optional<BootstrapOptions> read(const QCommandLineParser &parser, Io &io,
                                         const QString &defaultServer = {},
                                         const QByteArray &defaultCa = {}) const
    {
        BootstrapOptions options;
        options.server = parser.isSet(server) ? parser.value(server) : defaultServer;
        options.certificateAuthority = defaultCa;
        if (parser.isSet(ca)) {
            QFile file(parser.value(ca));
            if (!file.open(QIODevice::ReadOnly)) {
                io.err << tr("error: --ca: cannot read %1: %2\n")
                              .arg(parser.value(ca), file.errorString());
                return std::nullopt;
            }
            options.certificateAuthority = file.readAll();
        }
        const auto seconds = ttlOption(parser, ttl, io);
        if (!seconds)
            return std::nullopt;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto given = parser.isSet(token) ? BootstrapToken::parse(parser.value(token))
                                         : BootstrapToken::generate(now);
        if (!given) {
            io.err << tr("error: --token: %1\n").arg(given.error().message);
            return std::nullopt;
        }
        given->expiration = *seconds ? std::optional(now.addSecs(*seconds)) : std::nullopt;
        options.groups = parser.value(groups).split(QLatin1Char(','), Qt::SkipEmptyParts);
        given->extraGroups = options.groups;
        given->usages = {QStringLiteral("signing"), QStringLiteral("authentication")};
        options.token = *given;
        if (parser.isSet(parts)) {
            for (const QString &name :
                 parser.value(parts).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                bool known = false;
                for (const BootstrapPart part : allBootstrapParts()) {
                    if (partName(part) == name) {
                        options.parts.insert(part);
                        known = true;
                    }
                }
                if (!known) {
                    io.err << tr("error: --parts: '%1' is not a part\n").arg(name);
                    return std::nullopt;
                }
            }
        } else {
            for (const BootstrapPart part : allBootstrapParts())
                options.parts.insert(part);
        }
        return options;
    }
};

int runPlan(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr(
        "Print every object the TLS-bootstrap procedure needs, as kubeadm creates them: a YAML "
        "bundle for kubectl create -f, or (-o kubectl) the kubectl commands. Needs no cluster."));
    const PlanOptions plan;
    plan.addTo(parser);
    const QCommandLineOption output =
        outputOption({QStringLiteral("yaml"), QStringLiteral("kubectl")}, true);
    parser.addOption(output);
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const QString format = parser.value(output);
    if (!knownOutputFormat(format, {QStringLiteral("yaml"), QStringLiteral("kubectl")}, io))
        return UsageError;
    const auto options = plan.read(parser, io);
    if (!options)
        return UsageError;
    const auto objects = planBootstrap(*options);
    if (!objects) {
        io.err << tr("error: %1\n").arg(objects.error().message);
        return UsageError;
    }
    io.out << (format == QLatin1String("kubectl") ? renderKubectlScript(*objects)
                                                  : QString::fromUtf8(renderBundle(*objects)));
    return Success;
}

// `bootstrap doctor -o json`'s words for a check's state: stable, for scripts.
QString stateName(DoctorCheck::State state)
{
    switch (state) {
    case DoctorCheck::State::Ok:
        return QStringLiteral("ok");
    case DoctorCheck::State::Missing:
        return QStringLiteral("missing");
    case DoctorCheck::State::Differs:
        return QStringLiteral("differs");
    case DoctorCheck::State::Warning:
        return QStringLiteral("warning");
    }
    return {};
}

// The same word in the text report, what needs repair shouting: "MISSING ", "ok      ".
QString stateWord(DoctorCheck::State state)
{
    const QString name = stateName(state);
    const bool wrong = state == DoctorCheck::State::Missing || state == DoctorCheck::State::Differs;
    return (wrong ? name.toUpper() : name).leftJustified(8);
}

// Whether `bootstrap apply` repairs this check: a part does, and something is missing or wrong.
bool repairable(const DoctorCheck &check)
{
    return check.part && check.state != DoctorCheck::State::Ok
           && check.state != DoctorCheck::State::Warning;
}

QJsonObject doctorJson(const std::vector<DoctorCheck> &checks)
{
    QJsonArray items;
    for (const DoctorCheck &check : checks)
        items.append(QJsonObject{
            {QStringLiteral("state"), stateName(check.state)},
            {QStringLiteral("title"), check.title},
            {QStringLiteral("detail"), check.detail},
            {QStringLiteral("repairedBy"),
             repairable(check) ? QJsonValue(partName(*check.part)) : QJsonValue(QJsonValue::Null)},
        });
    return {{QStringLiteral("healthy"), healthy(checks)}, {QStringLiteral("checks"), items}};
}

// What the cluster holds of the procedure; prints why not and returns nothing when it cannot.
std::optional<BootstrapSnapshot> readSnapshot(ApiClient &client, Io &io)
{
    const auto snapshot = awaitAnswer<Result<BootstrapSnapshot>>(
        [&](std::function<void(const Result<BootstrapSnapshot> &)> done) {
            readBootstrapSnapshot(client, done);
        });
    if (!snapshot) {
        io.err << tr("error: cannot read the cluster's bootstrap objects: %1\n")
                      .arg(snapshot.error().message);
        return std::nullopt;
    }
    return *snapshot;
}

// Reads the cluster and runs the doctor; prints why not and returns nothing when it cannot.
std::optional<std::vector<DoctorCheck>> runDoctor(ApiClient &client, const DoctorOptions &options,
                                                  const std::optional<BootstrapToken> &given,
                                                  Io &io)
{
    const auto report = awaitAnswer<Result<DoctorReport>>(
        [&](std::function<void(const Result<DoctorReport> &)> done) {
            runBootstrapDoctor(client, options, given, done);
        });
    if (!report) {
        io.err << tr("error: cannot read the cluster's bootstrap objects: %1\n")
                      .arg(report.error().message);
        return std::nullopt;
    }
    return report->checks;
}

int runDoctorCommand(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Check every part of the TLS-bootstrap setup by its effect, one line per check, and "
           "try a token on the API server as a joining node would. Exit 0 when nothing is "
           "missing or wrong (warnings allowed), 1 otherwise."));
    const QCommandLineOption token(QStringLiteral("token"),
                                   tr("The token to try; the first valid one by default."),
                                   tr("id.secret"));
    const QCommandLineOption groups(QStringLiteral("groups"),
                                    tr("The bootstrap groups that should be bound."), tr("list"),
                                    QLatin1String(BootstrapToken::kDefaultGroup));
    const QCommandLineOption server(QStringLiteral("server"),
                                    tr("The server URL cluster-info should name."), tr("url"));
    const QCommandLineOption output = outputOption({QStringLiteral("json")});
    parser.addOptions({token, groups, server, output});
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    if (!knownOutputFormat(parser.value(output), {QStringLiteral("json")}, io))
        return UsageError;
    std::optional<BootstrapToken> given;
    if (parser.isSet(token)) {
        const auto parsed = BootstrapToken::parse(parser.value(token));
        if (!parsed) {
            io.err << tr("error: --token: %1\n").arg(parsed.error().message);
            return UsageError;
        }
        given = *parsed;
    }
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    DoctorOptions options;
    options.groups = parser.value(groups).split(QLatin1Char(','), Qt::SkipEmptyParts);
    options.expectedServer = parser.value(server);
    options.now = QDateTime::currentDateTimeUtc();
    const auto checks = runDoctor(*session->client, options, given, io);
    if (!checks)
        return Failure;
    if (parser.isSet(output)) {
        io.out << QString::fromUtf8(QJsonDocument(doctorJson(*checks)).toJson());
        return healthy(*checks) ? Success : Failure;
    }
    for (const DoctorCheck &check : *checks) {
        io.out << stateWord(check.state) << check.title << QStringLiteral(": ") << check.detail;
        if (repairable(check))
            io.out << tr(" [apply repairs: %1]").arg(partName(*check.part));
        io.out << QLatin1Char('\n');
    }
    return healthy(*checks) ? Success : Failure;
}

QString actionWord(const ApplyStep &step, bool dryRun)
{
    switch (step.action) {
    case ApplyStep::Action::Keep:
        return tr("unchanged");
    case ApplyStep::Action::Create:
        return dryRun ? tr("would create") : tr("created");
    case ApplyStep::Action::Update:
        return dryRun ? tr("would update") : tr("updated");
    case ApplyStep::Action::Replace:
        return dryRun ? tr("would replace") : tr("replaced");
    }
    return {};
}

// Brings the cluster to `objects`, printing each step as it ended; false after saying why not.
bool applyAndReport(ApiClient &client, const std::vector<PlannedObject> &objects, bool onlyDryRun,
                    Io &io)
{
    BootstrapApply apply(&client, objects);
    QString message;
    const bool ok = awaitAnswer<bool>([&](std::function<void(const bool &)> done) {
        QObject::connect(&apply, &BootstrapApply::finished,
                         [&, done](bool success, const QString &why) {
                             message = why;
                             done(success);
                         });
        apply.start(onlyDryRun);
    });
    for (const ApplyStep &step : apply.steps()) {
        if (!step.error.isEmpty())
            io.out << tr("failed        %1: %2\n").arg(step.object, step.error);
        else if (step.done || onlyDryRun || step.action == ApplyStep::Action::Keep)
            io.out << actionWord(step, onlyDryRun).leftJustified(14) << step.object
                   << (step.what.isEmpty() ? QString()
                                           : QStringLiteral(" (") + step.what + QLatin1Char(')'))
                   << QLatin1Char('\n');
    }
    if (objects.empty())
        io.out << tr("nothing to do: every part is in place\n");
    if (!ok) {
        io.err << tr("error: %1\n").arg(message);
        return false;
    }
    if (!message.isEmpty())
        io.err << message << QLatin1Char('\n');
    return true;
}

int runApply(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Set up what the doctor finds missing or wrong, as kubeadm would have: idempotent (a "
           "second run changes nothing), checked by a server dry run first, rolled back if a "
           "step fails. Server and CA default to the context's. Without --token, a valid token "
           "that can join is kept, or a new one is created; it is printed with the join command."));
    const PlanOptions plan;
    plan.addTo(parser);
    const QCommandLineOption dryRun(QStringLiteral("dry-run"),
                                    tr("Ask the server to check every change, and make none."));
    parser.addOption(dryRun);
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    ApiClient &client = *session->client;
    // cluster-info and the join command name the address nodes reach the API server at.
    const QUrl joinServer = awaitAnswer<QUrl>(
        [&](std::function<void(const QUrl &)> done) { readJoinServer(client, done); });
    auto options =
        plan.read(parser, io, joinServer.toString(), client.connection().certificateAuthorityPem());
    if (!options)
        return UsageError;

    // What needs doing: the parts the doctor finds missing or wrong, of those asked for.
    DoctorOptions doctor;
    doctor.groups = options->groups;
    doctor.now = QDateTime::currentDateTimeUtc();
    if (parser.isSet(plan.server))
        doctor.expectedServer = options->server;
    if (parser.isSet(plan.ca))
        doctor.expectedCa = options->certificateAuthority;
    const auto snapshot = readSnapshot(client, io);
    if (!snapshot)
        return Failure;
    const auto repair = planRepair(*snapshot, doctor, *options, parser.isSet(plan.token));
    if (!repair) {
        io.err << tr("error: %1\n").arg(repair.error().message);
        return UsageError;
    }
    const std::vector<PlannedObject> &objects = repair->objects;

    const bool onlyDryRun = parser.isSet(dryRun);
    if (!applyAndReport(client, objects, onlyDryRun, io))
        return Failure;
    if (!onlyDryRun && repair->token) {
        io.out << tr("token: %1\n").arg(repair->token->token());
        const auto join = joinCommand(QUrl(options->server), repair->token->token(),
                                      options->certificateAuthority);
        if (join)
            io.out << *join << QLatin1Char('\n');
    }
    return Success;
}

} // namespace

Command bootstrapCommand()
{
    return {
        QStringLiteral("bootstrap"),
        tr("The TLS-bootstrap setup: plan, doctor, apply"),
        {},
        {{QStringLiteral("plan"), tr("Print the objects the procedure needs"), runPlan, {}},
         {QStringLiteral("doctor"), tr("Check what the cluster has of it"), runDoctorCommand, {}},
         {QStringLiteral("apply"), tr("Set up what is missing"), runApply, {}}}};
}

} // namespace kubestrap::cli
