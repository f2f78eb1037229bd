#include "merge_patch.h"

#include <QJsonObject>

namespace kubestrap::sandbox {

QJsonValue applyMergePatch(const QJsonValue &target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;
    QJsonObject result = target.isObject() ? target.toObject() : QJsonObject();
    const QJsonObject changes = patch.toObject();
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (it.value().isNull())
            result.remove(it.key());
        else
            result.insert(it.key(), applyMergePatch(result.value(it.key()), it.value()));
    }
    return result;
}

} // namespace kubestrap::sandbox
