#include "api_handler.h"

#include "admission.h"
#include "api_basics.h"
#include "api_table.h"
#include "label_selector.h"

#include <QJsonDocument>

// The watches of ApiHandler: what a watch request asks for, and the stream of its events.

namespace kubestrap::sandbox {

ApiResponse ApiHandler::watch(const ApiRequest &request, const Target &target)
{
    WatchPlan plan;
    plan.resource = target.resource;
    plan.namespaceName = target.namespaceName;
    plan.bookmarks = request.query.queryItemValue(QStringLiteral("allowWatchBookmarks"))
                     == QLatin1String("true");
    plan.shape = *request.shape();
    if (plan.shape == Shape::MetadataList)
        return answer(status::notAcceptable(
            QStringLiteral("you requested PartialObjectMetadataList, but the requested object is "
                           "not a list (*%1)")
                .arg(internalType(*target.resource, target.resource->kind))));
    plan.labelSelector =
        request.query.queryItemValue(QStringLiteral("labelSelector"), QUrl::FullyDecoded);
    plan.fieldSelector =
        request.query.queryItemValue(QStringLiteral("fieldSelector"), QUrl::FullyDecoded);
    if (const auto refused =
            selectorProblem(Selector::parse(plan.labelSelector, false),
                            Selector::parse(plan.fieldSelector, true), target.resource->kind))
        return answer(status::badRequest(*refused));
    if (const qint64 seconds =
            request.query.queryItemValue(QStringLiteral("timeoutSeconds")).toLongLong();
        seconds > 0)
        plan.timeout = std::chrono::seconds(seconds);
    const QString from = request.query.queryItemValue(QStringLiteral("resourceVersion"));
    if (from.isEmpty() || from == QLatin1String("0")) {
        // "Any version": the current objects as ADDED events, then what follows.
        const auto guard = objects.lock();
        plan.fromVersion = objects.resourceVersion();
        for (const QJsonObject &object : objects.list(idOf(*target.resource), target.namespaceName))
            plan.initialEvents.push_back({plan.fromVersion, QStringLiteral("ADDED"),
                                          idOf(*target.resource), target.namespaceName, object});
    } else {
        plan.fromVersion = from.toLongLong();
        plan.expired =
            !objects.eventsAfter(plan.fromVersion, idOf(*target.resource), target.namespaceName);
    }
    return {200, {}, plan};
}

void ApiHandler::stream(const WatchPlan &plan, const std::function<bool(const QByteArray &)> &write)
{
    // kube-apiserver's watch cache sends a bookmark about once a minute.
    constexpr auto kBookmarkEvery = std::chrono::minutes(1);
    const auto line = [&](const QString &type, const QJsonObject &object) {
        const bool transformed =
            type != QLatin1String("ERROR") && type != QLatin1String("BOOKMARK");
        QJsonObject shown = object;
        if (transformed && plan.shape == Shape::Table)
            shown = tableOf(*plan.resource, {object}, QJsonObject());
        else if (transformed && plan.shape == Shape::Metadata)
            shown = partialObjectMetadata(object);
        return write(QJsonDocument(QJsonObject{{QStringLiteral("type"), type},
                                               {QStringLiteral("object"), shown}})
                         .toJson(QJsonDocument::Compact)
                     + '\n');
    };
    const auto expired = [&] {
        const ApiError error = status::gone(plan.fromVersion, objects.resourceVersion());
        line(QStringLiteral("ERROR"), error.status);
    };
    if (plan.expired)
        return expired();
    const auto labels = Selector::parse(plan.labelSelector, false);
    const auto fields = Selector::parse(plan.fieldSelector, true);
    const auto wanted = [&](const QJsonObject &object) {
        return (!labels
                || labels->matches(metadataOf(object).value(QStringLiteral("labels")).toObject()))
               && (!fields || fields->matches(selectableFields(object)));
    };
    for (const WatchEvent &event : plan.initialEvents) {
        if (wanted(event.object) && !line(event.type, event.object))
            return;
    }
    const auto deadline = std::chrono::steady_clock::now() + plan.timeout;
    auto lastBookmark = std::chrono::steady_clock::now();
    qint64 seen = plan.fromVersion;
    while (!objects.stopped() && std::chrono::steady_clock::now() < deadline) {
        const qint64 now = objects.resourceVersion();
        const auto events = objects.eventsAfter(seen, idOf(*plan.resource), plan.namespaceName);
        if (!events)
            return expired();
        for (const WatchEvent &event : *events) {
            if (event.resourceVersion <= now && wanted(event.object)
                && !line(event.type, event.object))
                return;
        }
        seen = now;
        if (plan.bookmarks && std::chrono::steady_clock::now() - lastBookmark > kBookmarkEvery) {
            const QJsonObject bookmark{
                {QStringLiteral("kind"), plan.resource->kind},
                {QStringLiteral("apiVersion"), plan.resource->groupVersion()},
                {QStringLiteral("metadata"),
                 QJsonObject{{QStringLiteral("resourceVersion"), QString::number(seen)}}}};
            if (!line(QStringLiteral("BOOKMARK"), bookmark))
                return;
            lastBookmark = std::chrono::steady_clock::now();
        }
        objects.waitForChange(seen, std::chrono::seconds(1));
    }
}

} // namespace kubestrap::sandbox
