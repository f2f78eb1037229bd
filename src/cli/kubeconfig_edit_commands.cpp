#include "kubeconfig_edit_commands.h"

#include "kubeconfig_access.h"
#include "kubeconfig_loader.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace kubestrap::cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::cli::kubeconfig", text);
}

const QCommandLineOption &followSymlinksOption()
{
    static const QCommandLineOption option(
        QStringLiteral("follow-symlinks"),
        tr("Write through a kubeconfig that is a symbolic link (refused otherwise)."));
    return option;
}

// Parses a command that takes `positional` arguments and may write through links.
std::optional<int> parseEdit(QCommandLineParser &parser, const QString &description,
                             const QStringList &args, Io &io, const QStringList &positional)
{
    parser.setApplicationDescription(description);
    parser.addOption(followSymlinksOption());
    return parseArguments(parser, args, io, positional);
}

FileWriteOptions writeOptions(const QCommandLineParser &parser)
{
    FileWriteOptions options;
    options.followSymlink = parser.isSet(followSymlinksOption());
    return options;
}

struct EntryCommandNames {
    KubeconfigEntryKind kind;
    const char *noun;
};

constexpr EntryCommandNames kEntryKinds[] = {{KubeconfigEntryKind::Context, "context"},
                                             {KubeconfigEntryKind::Cluster, "cluster"},
                                             {KubeconfigEntryKind::User, "user"}};

QString nounOf(KubeconfigEntryKind kind)
{
    for (const EntryCommandNames &names : kEntryKinds) {
        if (names.kind == kind)
            return QLatin1String(names.noun);
    }
    return {};
}

template <typename Map>
std::optional<QString> originIn(const Map &entries, const QString &name)
{
    const auto it = entries.find(name);
    if (it == entries.end())
        return std::nullopt;
    return it->second.origin;
}

// The file a merged entry came from; says so and returns nothing when there is no such entry.
std::optional<QString> originOf(const LoadedKubeconfig &loaded, KubeconfigEntryKind kind,
                                const QString &name, Io &io)
{
    std::optional<QString> origin;
    switch (kind) {
    case KubeconfigEntryKind::Context:
        origin = originIn(loaded.merged.contexts, name);
        break;
    case KubeconfigEntryKind::Cluster:
        origin = originIn(loaded.merged.clusters, name);
        break;
    case KubeconfigEntryKind::User:
        origin = originIn(loaded.merged.users, name);
        break;
    }
    if (!origin)
        io.err << tr("error: no %1 named '%2' in the kubeconfig\n").arg(nounOf(kind), name);
    return origin;
}

Command renameCommand(EntryCommandNames names)
{
    const QString noun = QLatin1String(names.noun);
    return {QStringLiteral("rename-") + noun,
            tr("Rename a %1 in the file that holds it").arg(noun),
            [names, noun](const QStringList &args, Io &io) {
                QCommandLineParser parser;
                if (const auto stop =
                        parseEdit(parser, tr("Rename a %1; contexts that use it follow.").arg(noun),
                                  args, io, {tr("old-name"), tr("new-name")}))
                    return *stop;
                const auto loaded = loadForCommand(io);
                if (!loaded)
                    return int(Failure);
                const QString from = parser.positionalArguments().at(0);
                const QString to = parser.positionalArguments().at(1);
                const auto file = originOf(*loaded, names.kind, from, io);
                if (!file)
                    return int(Failure);
                // Renaming the current context moves current-context along, where kubectl keeps it.
                const bool wasCurrent = names.kind == KubeconfigEntryKind::Context
                                        && loaded->merged.currentContext == from;
                const QString settingsFile = sourcesFor(io).fileForSettings();
                const int code = applyEdit(
                    io, *file,
                    [&](YamlValue &document) {
                        auto ok = kubeconfig_edit::rename(document, names.kind, from, to);
                        if (ok && wasCurrent && *file == settingsFile)
                            kubeconfig_edit::setCurrentContext(document, to);
                        return ok;
                    },
                    writeOptions(parser), tr("Renamed %1 \"%2\" to \"%3\".").arg(noun, from, to));
                if (code != Success || !wasCurrent || *file == settingsFile)
                    return code;
                return applyEdit(
                    io, settingsFile,
                    [&](YamlValue &document) {
                        kubeconfig_edit::setCurrentContext(document, to);
                        return Result<void>();
                    },
                    writeOptions(parser), tr("\"%1\" is still the current context.").arg(to));
            },
            {}};
}

Command deleteCommand(EntryCommandNames names)
{
    const QString noun = QLatin1String(names.noun);
    return {QStringLiteral("delete-") + noun,
            tr("Delete a %1 from the file that holds it").arg(noun),
            [names, noun](const QStringList &args, Io &io) {
                QCommandLineParser parser;
                if (const auto stop =
                        parseEdit(parser, tr("Delete a %1.").arg(noun), args, io, {tr("name")}))
                    return *stop;
                const auto loaded = loadForCommand(io);
                if (!loaded)
                    return int(Failure);
                const QString name = parser.positionalArguments().at(0);
                const auto file = originOf(*loaded, names.kind, name, io);
                if (!file)
                    return int(Failure);
                if (names.kind == KubeconfigEntryKind::Context
                    && name == loaded->merged.currentContext)
                    io.err << tr("warning: this was the current context; choose another with "
                                 "'kubestrap-cli kubeconfig use-context'\n");
                return applyEdit(
                    io, *file,
                    [&](YamlValue &document) {
                        return kubeconfig_edit::remove(document, names.kind, name);
                    },
                    writeOptions(parser), tr("Deleted %1 \"%2\".").arg(noun, name));
            },
            {}};
}

int runUseContext(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    if (const auto stop = parseEdit(parser,
                                    tr("Make a context the current one, as kubectl config "
                                       "use-context does (in the same file)."),
                                    args, io, {tr("context")}))
        return *stop;
    const auto loaded = loadForCommand(io);
    if (!loaded)
        return Failure;
    const QString name = parser.positionalArguments().at(0);
    if (!loaded->merged.contexts.count(name)) {
        io.err << tr("error: no context named '%1' in the kubeconfig\n").arg(name);
        return Failure;
    }
    const QString done = tr("Switched to context \"%1\".").arg(name);
    if (loaded->merged.currentContext == name) { // as kubectl, leave the files alone
        io.out << done << '\n';
        return Success;
    }
    return applyEdit(
        io, sourcesFor(io).fileForSettings(),
        [&](YamlValue &document) {
            kubeconfig_edit::setCurrentContext(document, name);
            return Result<void>();
        },
        writeOptions(parser), done);
}

int runSetNamespace(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    if (const auto stop = parseEdit(parser,
                                    tr("Set the default namespace of the current context (or "
                                       "--context); an empty name removes it."),
                                    args, io, {tr("namespace")}))
        return *stop;
    const auto loaded = loadForCommand(io);
    if (!loaded)
        return Failure;
    const auto chosen = chosenContext(*loaded, io);
    if (!chosen)
        return Failure;
    const QString &context = *chosen;
    const auto file = originOf(*loaded, KubeconfigEntryKind::Context, context, io);
    if (!file)
        return Failure;
    const QString namespaceName = parser.positionalArguments().at(0);
    return applyEdit(
        io, *file,
        [&](YamlValue &document) {
            return kubeconfig_edit::setContextNamespace(document, context, namespaceName);
        },
        writeOptions(parser),
        tr("Context \"%1\" now uses namespace \"%2\".").arg(context, namespaceName));
}

int runSetServer(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    if (const auto stop = parseEdit(parser, tr("Set a cluster's API server URL."), args, io,
                                    {tr("cluster"), tr("url")}))
        return *stop;
    const auto loaded = loadForCommand(io);
    if (!loaded)
        return Failure;
    const QString cluster = parser.positionalArguments().at(0);
    const QString server = parser.positionalArguments().at(1);
    const auto file = originOf(*loaded, KubeconfigEntryKind::Cluster, cluster, io);
    if (!file)
        return Failure;
    return applyEdit(
        io, *file,
        [&](YamlValue &document) {
            return kubeconfig_edit::setClusterServer(document, cluster, server);
        },
        writeOptions(parser), tr("Cluster \"%1\" now uses %2.").arg(cluster, server));
}

int runMerge(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    if (const auto stop = parseEdit(parser,
                                    tr("Add the clusters, users and contexts of another "
                                       "kubeconfig file whose names are not taken yet."),
                                    args, io, {tr("file")}))
        return *stop;
    const auto incoming = loadKubeconfigFile(parser.positionalArguments().at(0));
    if (!incoming) {
        io.err << tr("error: %1\n").arg(incoming.error().message);
        return Failure;
    }
    QStringList skipped;
    const int code = applyEdit(
        io, sourcesFor(io).fileForSettings(),
        [&](YamlValue &document) {
            skipped = kubeconfig_edit::mergeFrom(document, incoming->document);
            return Result<void>();
        },
        writeOptions(parser), tr("Merged %1.").arg(incoming->path));
    for (const QString &entry : skipped)
        io.err << tr("warning: %1 was not merged: that name is taken\n").arg(entry);
    return code;
}

} // namespace

std::vector<Command> kubeconfigEditCommands()
{
    std::vector<Command> commands{
        {QStringLiteral("use-context"), tr("Switch the current context"), runUseContext, {}},
        {QStringLiteral("set-namespace"),
         tr("Set the current context's namespace"),
         runSetNamespace,
         {}},
        {QStringLiteral("set-server"), tr("Set a cluster's server URL"), runSetServer, {}},
        {QStringLiteral("merge"), tr("Merge another kubeconfig file in"), runMerge, {}}};
    for (const EntryCommandNames &names : kEntryKinds) {
        commands.push_back(renameCommand(names));
        commands.push_back(deleteCommand(names));
    }
    return commands;
}

} // namespace kubestrap::cli
