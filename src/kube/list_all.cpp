#include "list_all.h"

#include <memory>

namespace kubestrap {

void listAll(ApiClient &client, const CollectionReads &reads,
             std::function<void(const std::optional<Error> &failure)> done)
{
    struct Pending {
        size_t left;
        std::optional<Error> failure;
        std::function<void(const std::optional<Error> &)> done;
    };
    auto pending = std::make_shared<Pending>(Pending{reads.size(), std::nullopt, std::move(done)});
    if (reads.empty())
        return pending->done(std::nullopt);
    for (const auto &[path, into] : reads) {
        client.list(
            path,
            [into](std::vector<DecodedObject> &items) {
                for (DecodedObject &item : items)
                    into->push_back(std::move(item.object));
            },
            [pending](const QString &, const ApiFailure *failure) {
                if (failure && !pending->failure)
                    pending->failure = Error{failure->message, failure->reason};
                if (--pending->left == 0)
                    pending->done(pending->failure);
            });
    }
}

} // namespace kubestrap
