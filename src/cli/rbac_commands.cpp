#include "rbac_commands.h"

#include "cluster_access.h"
#include "discovery.h"
#include "identity.h"
#include "rbac_objects.h"
#include "tab_writer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace kubestrap::cli {

namespace {

// The options the three commands share, named as kubectl names them.
struct RbacOptions {
    QCommandLineOption namespaceName{
        {QStringLiteral("n"), QStringLiteral("namespace")},
        QCoreApplication::translate("kubestrap::cli::rbac",
                                    "Ask in this namespace (default: the context's, or default)."),
        QCoreApplication::translate("kubestrap::cli::rbac", "name")};
    QCommandLineOption allNamespaces{
        {QStringLiteral("A"), QStringLiteral("all-namespaces")},
        QCoreApplication::translate("kubestrap::cli::rbac", "Ask across every namespace.")};
    QCommandLineOption subresource{
        QStringLiteral("subresource"),
        QCoreApplication::translate("kubestrap::cli::rbac", "A subresource, such as log or scale."),
        QCoreApplication::translate("kubestrap::cli::rbac", "name")};
    QCommandLineOption as{
        QStringLiteral("as"),
        QCoreApplication::translate("kubestrap::cli::rbac",
                                    "Answer for this user, with the groups the API server adds "
                                    "when it impersonates (default: the context's own identity)."),
        QCoreApplication::translate("kubestrap::cli::rbac", "user")};
    QCommandLineOption asGroup{
        QStringLiteral("as-group"),
        QCoreApplication::translate("kubestrap::cli::rbac",
                                    "A group of the --as user; may be given more than once."),
        QCoreApplication::translate("kubestrap::cli::rbac", "group")};
    QCommandLineOption output = outputOption({QStringLiteral("json")});
};

// kubectl refuses --as-group alone too: the API server impersonates groups only of a user.
bool groupsWithoutUser(const QCommandLineParser &parser, const RbacOptions &options, Io &io)
{
    if (!parser.isSet(options.asGroup) || parser.isSet(options.as))
        return false;
    io.err << QCoreApplication::translate("kubestrap::cli::rbac",
                                          "error: --as-group needs --as: groups are asked for on "
                                          "behalf of a user\n");
    return true;
}

// -n, else the context's namespace, else default: the namespace kubectl asks in.
QString namespaceOf(const QCommandLineParser &parser, const RbacOptions &options,
                    const CommandConnection &session)
{
    QString ns = parser.value(options.namespaceName);
    if (ns.isEmpty()) {
        const auto context = session.loaded.merged.contexts.find(session.context);
        if (context != session.loaded.merged.contexts.end())
            ns = context->second.namespaceName;
    }
    return ns.isEmpty() ? QStringLiteral("default") : ns;
}

// Who the answer is for: --as and --as-group with the groups impersonation adds, or the
// context's own identity as the server names it.
std::optional<rbac::UserInfo> askedFor(const QCommandLineParser &parser, const RbacOptions &options,
                                       ApiClient &client, Io &io)
{
    if (parser.isSet(options.as))
        return rbac::withImplicitGroups({parser.value(options.as), parser.values(options.asGroup)});
    const auto identity = awaitAnswer<Result<Identity>>(
        [&](std::function<void(const Result<Identity> &)> done) { findIdentity(client, done); });
    if (!identity || identity->username.isEmpty()) {
        io.err << QCoreApplication::translate("kubestrap::cli::rbac",
                                              "error: cannot tell who this context authenticates "
                                              "as (%1); name the user with --as\n")
                      .arg(identity ? identity->claimedFrom : identity.error().message);
        return std::nullopt;
    }
    return rbac::UserInfo{identity->username, identity->groups};
}

std::optional<RbacObjects> readPolicy(ApiClient &client, Io &io)
{
    const auto objects = awaitAnswer<Result<RbacObjects>>(
        [&](std::function<void(const Result<RbacObjects> &)> done) {
            readRbacObjects(client, done);
        });
    if (!objects) {
        io.err << QCoreApplication::translate(
                      "kubestrap::cli::rbac",
                      "error: cannot read the cluster's RBAC objects: %1\nThe answer is worked "
                      "out from every Role, ClusterRole and binding, so this context needs list "
                      "on all four.\n")
                      .arg(objects.error().message);
        return std::nullopt;
    }
    return *objects;
}

// A question as kubectl auth can-i reads it: VERB and either a non-resource URL (/healthz) or
// TYPE[.GROUP][/NAME], TYPE resolved against what the server serves, as kubectl's REST mapper
// resolves it. `clusterScoped` tells whether the resource has no namespace.
struct Question {
    rbac::Request request;
    bool clusterScoped = false;
};

std::optional<Question> readQuestion(const QCommandLineParser &parser, const RbacOptions &options,
                                     const CommandConnection &session, Io &io)
{
    const QStringList positional = parser.positionalArguments();
    Question question;
    rbac::Request &request = question.request;
    request.verb = positional.at(0);
    const QString target = positional.at(1);
    if (target.startsWith(QLatin1Char('/'))) {
        if (parser.isSet(options.subresource)) {
            io.err << QCoreApplication::translate(
                "kubestrap::cli::rbac",
                "error: --subresource cannot be used with a non-resource URL\n");
            return std::nullopt;
        }
        request.path = target;
        return question;
    }
    const qsizetype slash = target.indexOf(QLatin1Char('/'));
    const QString type = slash < 0 ? target : target.left(slash);
    if (slash >= 0)
        request.name = target.mid(slash + 1);
    request.subresource = parser.value(options.subresource);
    const auto served = awaitAnswer<Result<std::vector<ServedResource>>>(
        [&](std::function<void(const Result<std::vector<ServedResource>> &)> done) {
            readServedResources(*session.client, done);
        });
    if (!served) {
        io.err << QCoreApplication::translate("kubestrap::cli::rbac", "error: %1\n")
                      .arg(served.error().message);
        return std::nullopt;
    }
    const ResourceArgument resolved = resolveResourceArgument(*served, type);
    request.apiGroup = resolved.group;
    request.resource = resolved.resource;
    question.clusterScoped = !resolved.namespaced;
    // kubectl's warnings, word for word where they mean the same; users and groups are real
    // resources (for impersonate) that discovery never lists.
    static const QSet<QString> undiscoverable{QStringLiteral("users"), QStringLiteral("groups")};
    if (!resolved.found && !undiscoverable.contains(type.toLower()))
        io.err << QCoreApplication::translate(
                      "kubestrap::cli::rbac",
                      "Warning: the server doesn't have a resource type '%1'\n")
                      .arg(type);
    if (parser.isSet(options.allNamespaces))
        return question;
    request.namespaceName = namespaceOf(parser, options, session);
    if (question.clusterScoped && resolved.found)
        io.err << QCoreApplication::translate("kubestrap::cli::rbac",
                                              "Warning: resource '%1' is not namespace scoped\n")
                      .arg(request.resource);
    return question;
}

QString subjectName(const QJsonObject &subject)
{
    const QString ns = subject.value(QStringLiteral("namespace")).toString();
    return (ns.isEmpty() ? QString() : ns + QLatin1Char('/'))
           + subject.value(QStringLiteral("name")).toString();
}

QString requestText(const rbac::Request &request)
{
    if (!request.path.isEmpty())
        return request.verb + QLatin1Char(' ') + request.path;
    QString text = request.verb + QLatin1Char(' ') + request.resource;
    if (!request.apiGroup.isEmpty())
        text += QLatin1Char('.') + request.apiGroup;
    if (!request.subresource.isEmpty())
        text += QLatin1Char('/') + request.subresource;
    if (!request.name.isEmpty())
        text += QStringLiteral(" \"%1\"").arg(request.name);
    if (!request.namespaceName.isEmpty())
        text += QCoreApplication::translate("kubestrap::cli::rbac", " in namespace %1")
                    .arg(request.namespaceName);
    return text;
}

int runCanI(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kubestrap::cli::rbac",
        "Whether a user may do something, as kubectl auth can-i answers: yes (exit 0) or no (exit "
        "1). Worked out by Kubestrap's evaluator from the cluster's RBAC objects, as "
        "kube-apiserver's RBAC authorizer decides. VERB TYPE[.GROUP][/NAME], or VERB "
        "/non-resource-url."));
    RbacOptions options;
    const QCommandLineOption explain(
        QStringLiteral("explain"),
        QCoreApplication::translate("kubestrap::cli::rbac",
                                    "Name the binding and role that allow it, or say why nothing "
                                    "does."));
    const QCommandLineOption quiet(
        {QStringLiteral("q"), QStringLiteral("quiet")},
        QCoreApplication::translate("kubestrap::cli::rbac", "Print nothing; answer by exit code."));
    parser.addOptions({options.namespaceName, options.allNamespaces, options.subresource,
                       options.as, options.asGroup, explain, quiet});
    if (const auto stop = parseArguments(
            parser, args, io,
            {QStringLiteral("verb"), QCoreApplication::translate("kubestrap::cli::rbac", "what")}))
        return *stop;
    if (groupsWithoutUser(parser, options, io))
        return UsageError;
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    const auto question = readQuestion(parser, options, *session, io);
    if (!question)
        return UsageError;
    const auto user = askedFor(parser, options, *session->client, io);
    if (!user)
        return Failure;
    const auto policy = readPolicy(*session->client, io);
    if (!policy)
        return Failure;
    const rbac::Decision decision = policy->authorizer().authorize(*user, question->request);
    if (parser.isSet(quiet))
        return decision.allowed ? Success : Failure;
    io.out << (decision.allowed ? QStringLiteral("yes\n") : QStringLiteral("no\n"));
    if (parser.isSet(explain)) {
        if (decision.allowed)
            io.out << decision.reason << QLatin1Char('\n');
        else
            io.out << QCoreApplication::translate(
                          "kubestrap::cli::rbac",
                          "No ClusterRoleBinding%1 binds %2 (groups %3) to a role with a rule "
                          "for %4.\n")
                          .arg(question->request.namespaceName.isEmpty()
                                   ? QString()
                                   : QCoreApplication::translate(
                                         "kubestrap::cli::rbac",
                                         ", and no RoleBinding in namespace %1,")
                                         .arg(question->request.namespaceName),
                               user->name, user->groups.join(QStringLiteral(", ")),
                               requestText(question->request));
    }
    if (!decision.allowed && user->groups.contains(QLatin1String("system:nodes"))
        && user->name.startsWith(QLatin1String("system:node:")))
        io.err << QCoreApplication::translate(
            "kubestrap::cli::rbac",
            "Note: the API server's Node authorizer may allow a node more than RBAC does (its own "
            "node, pods and the secrets they mount); this answer is RBAC's alone.\n");
    return decision.allowed ? Success : Failure;
}

QJsonObject grantJson(const rbac::Authorizer::Grant &grant)
{
    QJsonObject binding{{QStringLiteral("kind"), grant.bindingKind},
                        {QStringLiteral("name"), grant.bindingName}};
    if (!grant.bindingNamespace.isEmpty())
        binding.insert(QStringLiteral("namespace"), grant.bindingNamespace);
    return {{QStringLiteral("subject"), grant.subject},
            {QStringLiteral("binding"), binding},
            {QStringLiteral("role"), QJsonObject{{QStringLiteral("kind"), grant.roleKind},
                                                 {QStringLiteral("name"), grant.roleName}}},
            {QStringLiteral("rule"), grant.rule}};
}

int runWhoCan(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kubestrap::cli::rbac",
        "Every subject RBAC lets do something, with the binding and role that grant it, as the "
        "API server's subject locator lists them. VERB TYPE[.GROUP][/NAME], or VERB "
        "/non-resource-url. -A adds the grants of every namespace, each naming its namespace."));
    RbacOptions options;
    parser.addOptions(
        {options.namespaceName, options.allNamespaces, options.subresource, options.output});
    if (const auto stop = parseArguments(
            parser, args, io,
            {QStringLiteral("verb"), QCoreApplication::translate("kubestrap::cli::rbac", "what")}))
        return *stop;
    if (!knownOutputFormat(parser.value(options.output), {QStringLiteral("json")}, io))
        return UsageError;
    const bool json = parser.isSet(options.output);
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    auto question = readQuestion(parser, options, *session, io);
    if (!question)
        return UsageError;
    // A cluster-scoped resource is only ever asked for without a namespace.
    if (question->clusterScoped)
        question->request.namespaceName.clear();
    const auto policy = readPolicy(*session->client, io);
    if (!policy)
        return Failure;
    const bool every = parser.isSet(options.allNamespaces);
    const auto grants = policy->authorizer().whoCan(
        question->request,
        every ? rbac::Authorizer::Namespaces::Every : rbac::Authorizer::Namespaces::OfTheRequest);
    const QString privileged = QCoreApplication::translate(
        "kubestrap::cli::rbac", "allowed everything before RBAC is asked");
    if (json) {
        QJsonArray entries{QJsonObject{
            {QStringLiteral("subject"),
             QJsonObject{{QStringLiteral("kind"), QStringLiteral("Group")},
                         {QStringLiteral("name"), QLatin1String(rbac::kPrivilegedGroup)}}},
            {QStringLiteral("note"), privileged}}};
        for (const auto &grant : grants)
            entries.append(grantJson(grant));
        io.out << QString::fromUtf8(QJsonDocument(entries).toJson(QJsonDocument::Indented));
        return Success;
    }
    QList<QStringList> rows;
    QStringList header{QStringLiteral("SUBJECT KIND"), QStringLiteral("SUBJECT"),
                       QStringLiteral("BINDING"), QStringLiteral("ROLE")};
    if (every)
        header.prepend(QStringLiteral("NAMESPACE"));
    rows << header;
    QStringList masters{QStringLiteral("Group"), QLatin1String(rbac::kPrivilegedGroup),
                        QStringLiteral("-"), privileged};
    if (every)
        masters.prepend(QStringLiteral("*"));
    rows << masters;
    for (const auto &grant : grants) {
        QStringList row{grant.subject.value(QStringLiteral("kind")).toString(),
                        subjectName(grant.subject),
                        grant.bindingKind + QLatin1Char('/') + grant.bindingName,
                        grant.roleKind + QLatin1Char('/') + grant.roleName};
        if (every)
            row.prepend(grant.bindingNamespace.isEmpty() ? QStringLiteral("*")
                                                         : grant.bindingNamespace);
        rows << row;
    }
    io.out << tabulate(rows, 0, 3);
    return Success;
}

QString listed(const QJsonObject &rule, const char *field)
{
    QStringList values;
    for (const QJsonValue &value : rule.value(QLatin1String(field)).toArray())
        values << value.toString();
    return QStringLiteral("[%1]").arg(values.join(QLatin1Char(' ')));
}

int runWhatCan(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kubestrap::cli::rbac",
        "Every RBAC rule that applies to a user in a namespace (cluster-wide rules included), as "
        "kubectl auth can-i --list shows them."));
    RbacOptions options;
    parser.addOptions({options.namespaceName, options.as, options.asGroup, options.output});
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    if (!knownOutputFormat(parser.value(options.output), {QStringLiteral("json")}, io))
        return UsageError;
    const bool json = parser.isSet(options.output);
    if (groupsWithoutUser(parser, options, io))
        return UsageError;
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    const auto user = askedFor(parser, options, *session->client, io);
    if (!user)
        return Failure;
    const QString ns = namespaceOf(parser, options, *session);
    const auto policy = readPolicy(*session->client, io);
    if (!policy)
        return Failure;
    const auto rules = policy->authorizer().rulesFor(*user, ns);
    if (json) {
        QJsonArray list;
        for (const QJsonObject &rule : rules)
            list.append(rule);
        io.out << QString::fromUtf8(
            QJsonDocument(
                QJsonObject{{QStringLiteral("user"), user->name},
                            {QStringLiteral("groups"), QJsonArray::fromStringList(user->groups)},
                            {QStringLiteral("namespace"), ns},
                            {QStringLiteral("rules"), list}})
                .toJson(QJsonDocument::Indented));
        return Success;
    }
    QList<QStringList> rows{{QStringLiteral("Resources"), QStringLiteral("Non-Resource URLs"),
                             QStringLiteral("Resource Names"), QStringLiteral("Verbs")}};
    for (const QJsonObject &rule : rules) {
        QStringList resources;
        for (const QJsonValue &group : rule.value(QStringLiteral("apiGroups")).toArray()) {
            for (const QJsonValue &resource : rule.value(QStringLiteral("resources")).toArray())
                resources << (group.toString().isEmpty()
                                  ? resource.toString()
                                  : resource.toString() + QLatin1Char('.') + group.toString());
        }
        rows << QStringList{resources.join(QLatin1Char(',')), listed(rule, "nonResourceURLs"),
                            listed(rule, "resourceNames"), listed(rule, "verbs")};
    }
    io.out << tabulate(rows, 0, 3);
    return Success;
}

} // namespace

Command rbacCommand()
{
    return {QStringLiteral("rbac"),
            QCoreApplication::translate("kubestrap::cli::rbac",
                                        "Ask RBAC: can-i, who-can and what-can, as the API server "
                                        "decides"),
            {},
            {{QStringLiteral("can-i"),
              QCoreApplication::translate("kubestrap::cli::rbac",
                                          "Whether a user may do something (yes: exit 0, no: 1)"),
              runCanI,
              {}},
             {QStringLiteral("what-can"),
              QCoreApplication::translate("kubestrap::cli::rbac",
                                          "Every rule that applies to a user in a namespace"),
              runWhatCan,
              {}},
             {QStringLiteral("who-can"),
              QCoreApplication::translate("kubestrap::cli::rbac",
                                          "Every subject allowed to do something, and why"),
              runWhoCan,
              {}}}};
}

} // namespace kubestrap::cli
