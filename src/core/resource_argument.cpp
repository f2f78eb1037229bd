#include "resource_argument.h"

#include <optional>

namespace kubestrap {

namespace {

struct Wanted {
    QString resource;
    QString group;
    std::optional<QString> version;
    bool groupGiven = false;
};

bool inGroup(const ServedResource &served, const Wanted &wanted)
{
    return (!wanted.groupGiven || served.group == wanted.group)
           && (!wanted.version || served.version == *wanted.version);
}

// kubectl's shortcut expander: a name that some resource has as its plural or singular stays;
// else a short name of the group (or, failing that, of a group the given one begins) expands.
Wanted expandShortName(const std::vector<ServedResource> &served, Wanted wanted)
{
    for (const ServedResource &r : served) {
        if ((!wanted.groupGiven || r.group == wanted.group)
            && (wanted.resource == r.resource || wanted.resource == r.singular))
            return wanted;
    }
    for (const bool prefixed : {false, true}) {
        if (prefixed && !wanted.groupGiven)
            break;
        for (const ServedResource &r : served) {
            const bool groupOk =
                !wanted.groupGiven
                || (prefixed ? r.group.startsWith(wanted.group) : r.group == wanted.group);
            if (groupOk && r.shortNames.contains(wanted.resource)) {
                wanted.resource = r.resource;
                wanted.group = r.group;
                wanted.groupGiven = true;
                return wanted;
            }
        }
    }
    return wanted;
}

const ServedResource *firstMatch(const std::vector<ServedResource> &served, const Wanted &given)
{
    const Wanted wanted = expandShortName(served, given);
    for (const ServedResource &r : served) {
        if (inGroup(r, wanted) && (wanted.resource == r.resource || wanted.resource == r.singular))
            return &r;
    }
    return nullptr;
}

} // namespace

ResourceArgument resolveResourceArgument(const std::vector<ServedResource> &served,
                                         const QString &argument)
{
    if (argument == QLatin1String("*"))
        return {{}, argument, true, true};
    // schema.ParseResourceArg: "resource.version.group" is tried whole first, then
    // "resource.group" with the rest as the group.
    const QString lower = argument.toLower();
    const QStringList parts = lower.split(QLatin1Char('.'));
    const ServedResource *match = nullptr;
    if (parts.size() >= 3)
        match = firstMatch(served, {parts[0], parts.mid(2).join(QLatin1Char('.')), parts[1], true});
    if (!match) {
        const qsizetype dot = lower.indexOf(QLatin1Char('.'));
        match = firstMatch(
            served, dot < 0 ? Wanted{lower, {}, std::nullopt, false}
                            : Wanted{lower.left(dot), lower.mid(dot + 1), std::nullopt, true});
    }
    if (!match)
        return {{}, argument, false, true};
    return {match->group, match->resource, true, match->namespaced};
}

} // namespace kubestrap
