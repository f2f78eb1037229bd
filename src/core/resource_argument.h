#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace kubestrap {

// One resource the API server serves, as its discovery documents list it.
struct ServedResource {
    QString group; // "" for the core group
    QString version;
    QString resource; // plural, as RBAC rules name it: "pods", "deployments"
    QString singular; // discovery's singularName, or the kind in lower case
    QStringList shortNames;
    bool namespaced = true;
};

// What a kubectl TYPE argument ("pods", "po", "pod", "deployments.apps", "deploy.v1.apps", "*")
// names, as kubectl resolves it through its REST mapper and its short-name expander: the first
// match in `served` order (the core group first, then the groups in the order /apis lists them).
struct ResourceArgument {
    QString group;
    QString resource;
    bool found = false;     // false: nothing served matched; the argument is used as it is
    bool namespaced = true; // as discovery says (true when not found)
};
ResourceArgument resolveResourceArgument(const std::vector<ServedResource> &served,
                                         const QString &argument);

} // namespace kubestrap
