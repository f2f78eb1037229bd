#include "rbac_index.h"

#include "resource_store.h"

#include <algorithm>

namespace kubestrap {

RbacIndex::RbacIndex(const std::array<ResourceStore *, 4> &stores, QObject *parent)
    : QObject(parent), stores(stores)
{
    using Kind = rbac::Authorizer::Kind;
    const Kind kinds[] = {Kind::Role, Kind::ClusterRole, Kind::RoleBinding,
                          Kind::ClusterRoleBinding};
    for (size_t i = 0; i < stores.size(); ++i) {
        ResourceStore *store = stores[i];
        const Kind kind = kinds[i];
        // What the store already holds is decoded once; from then on each change arrives
        // decoded with the store's signal.
        index.update(kind, store->objects());
        connect(store, &ResourceStore::changed, this,
                [this, kind](const StoreChanges &changes) { take(kind, changes); });
        connect(store, &ResourceStore::syncedChanged, this, &RbacIndex::changed);
    }
}

bool RbacIndex::ready() const
{
    return std::all_of(stores.begin(), stores.end(),
                       [](const ResourceStore *store) { return store->hasSynced(); });
}

const rbac::Authorizer *RbacIndex::clusterWide() const
{
    return stores[1]->hasSynced() && stores[3]->hasSynced() ? &index : nullptr;
}

void RbacIndex::take(rbac::Authorizer::Kind kind, const StoreChanges &changes)
{
    std::vector<QJsonObject> objects;
    objects.reserve(changes.added.size() + changes.modified.size());
    for (const auto *list : {&changes.added, &changes.modified}) {
        for (const DecodedObject &object : *list)
            objects.push_back(object.object);
    }
    index.update(kind, objects, changes.deleted);
    Q_EMIT changed();
}

} // namespace kubestrap
