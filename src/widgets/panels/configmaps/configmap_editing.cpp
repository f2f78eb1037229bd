#include "configmap_editing.h"

#include "api_paths.h"
#include "cluster_session.h"
#include "configmap_sources.h"
#include "configmap_summary.h"
#include "create_or_update.h"
#include "kubectl_command.h"
#include "object_editor.h"
#include "object_meta.h"
#include "object_yaml.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace kubestrap::configmap_editing {

namespace {

const char *const kContext = "kubestrap::ConfigMapEditing";

QString pathOf(const QJsonObject &configMap)
{
    return paths::configMaps(objectNamespace(configMap)) + QLatin1Char('/') + objectName(configMap);
}

QString shownName(const QJsonObject &configMap)
{
    return objectNamespace(configMap) + QLatin1Char('/') + objectName(configMap);
}

// Whether saving `edited` over the immutable `original` needs it replaced: the API server refuses
// any change to data, binaryData or immutable of an immutable ConfigMap; metadata may change.
bool needsReplacing(const QJsonObject &original, const QJsonObject &edited)
{
    if (!original.value(QStringLiteral("immutable")).toBool())
        return false;
    for (const char *field : {"data", "binaryData", "immutable"})
        if (original.value(QLatin1String(field)) != edited.value(QLatin1String(field)))
            return true;
    return false;
}

// What the API server would refuse, said before anything is sent.
QString problemWith(const QJsonObject &edited, const QJsonObject &original)
{
    if (edited.value(QStringLiteral("kind")).toString() != QLatin1String("ConfigMap"))
        return QCoreApplication::translate(kContext, "The kind must stay ConfigMap.");
    if (objectName(edited) != objectName(original)
        || objectNamespace(edited) != objectNamespace(original))
        return QCoreApplication::translate(
            kContext, "The name and namespace cannot change here: create a new ConfigMap instead.");
    for (const char *field : {"data", "binaryData"}) {
        const QJsonObject keys = edited.value(QLatin1String(field)).toObject();
        for (auto key = keys.begin(); key != keys.end(); ++key) {
            if (const QString problem = configmaps::keyProblem(key.key()); !problem.isEmpty())
                return problem;
            if (!key.value().isString())
                return QCoreApplication::translate(
                           kContext, "%1.%2 must be text: put quotes around the value.")
                    .arg(QLatin1String(field), key.key());
        }
    }
    return {};
}

QString warningFor(const QJsonObject &configMap)
{
    QStringList warnings;
    if (const QString system =
            configmaps::systemWarning(objectNamespace(configMap), objectName(configMap));
        !system.isEmpty())
        warnings << system;
    if (configMap.value(QStringLiteral("immutable")).toBool())
        warnings << QCoreApplication::translate(
            kContext,
            "This ConfigMap is immutable. Saving a change to its data deletes it and creates it "
            "again under the same name. Pods that mount it keep the old data until they are "
            "restarted; a pod that starts while it is gone waits until it is back.");
    return warnings.join(QStringLiteral("\n\n"));
}

// Replaces the immutable `original` with `edited` under the same name, putting `original` back
// if the new one is refused.
void replace(ClusterSession *session, ApiClient &client, const QJsonObject &original,
             const QJsonObject &edited, ApiClient::Callback done)
{
    const ApiClient::Callback logged = session->logged(
        QCoreApplication::translate(kContext, "replace configmap %1").arg(shownName(edited)),
        kubectl::withManifest(QStringLiteral("replace --force"), writes::recreatable(edited)),
        std::move(done));
    writes::replaceByRecreating(
        client, paths::configMaps(objectNamespace(original)), pathOf(original), original, edited,
        [logged](const QJsonObject &created, const ApiFailure *failure, bool restored) {
            if (!failure || restored)
                return logged(created, failure);
            ApiFailure lost = *failure;
            lost.message = QCoreApplication::translate(
                               kContext, "%1 The old ConfigMap was deleted and could not be "
                                         "created again: create it from the text you wrote.")
                               .arg(failure->message);
            logged({}, &lost);
        });
}

} // namespace

void edit(QWidget *parent, ClusterSession *session, const QJsonObject &listed)
{
    // The items of a list carry no kind; the object as sent must.
    QJsonObject configMap = listed;
    configMap.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    configMap.insert(QStringLiteral("kind"), QStringLiteral("ConfigMap"));
    const QByteArray yaml = editableYaml(configMap);
    ObjectEditor editor(
        QCoreApplication::translate(kContext, "Edit ConfigMap %1").arg(shownName(configMap)), yaml,
        [configMap](const QJsonObject &edited) { return problemWith(edited, configMap); },
        ObjectEditor::throughApi(
            session,
            [session, configMap](ApiClient &client, const QJsonObject &edited,
                                 ApiClient::Callback done) {
                if (needsReplacing(configMap, edited))
                    return replace(session, client, configMap, edited, std::move(done));
                client.update(
                    pathOf(edited), edited,
                    session->logged(QCoreApplication::translate(kContext, "edit configmap %1")
                                        .arg(shownName(edited)),
                                    kubectl::withManifest(QStringLiteral("replace"), edited),
                                    std::move(done)));
            }),
        parent);
    editor.setWarning(warningFor(configMap));
    editor.reviewChangesAgainst(yaml);
    editor.exec();
}

void remove(QWidget *parent, ClusterSession *session, const QJsonObject &configMap,
            std::function<void(const QString &problem)> failed)
{
    const QString ns = objectNamespace(configMap);
    const QString name = objectName(configMap);
    QString question =
        QCoreApplication::translate(kContext, "Delete ConfigMap %1 in %2?").arg(name, ns);
    if (const QString warning = configmaps::systemWarning(ns, name); !warning.isEmpty())
        question += QStringLiteral("\n\n") + warning;
    if (QMessageBox::question(parent, QCoreApplication::translate(kContext, "Delete ConfigMap"),
                              question, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            != QMessageBox::Yes
        || !session->client())
        return;
    session->client()->remove(
        pathOf(configMap),
        session->logged(
            QCoreApplication::translate(kContext, "delete configmap %1").arg(shownName(configMap)),
            kubectl::remove(QStringLiteral("ConfigMap"), name, ns),
            [failed, name](const QJsonObject &, const ApiFailure *failure) {
                if (failure)
                    failed(QCoreApplication::translate(kContext, "ConfigMap %1 was not deleted: %2")
                               .arg(name, failure->message));
            }));
}

} // namespace kubestrap::configmap_editing
