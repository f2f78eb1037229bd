#include "rbac_editing.h"

#include "bootstrap_plan.h"
#include "cluster_session.h"
#include "kubectl_command.h"
#include "object_editor.h"
#include "object_meta.h"
#include "object_yaml.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace kubestrap::rbac_editing {

using namespace rbac;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::RbacEditing", text);
}

// "clusterrolebinding kubeadm:kubelet-bootstrap", "role ns/reader": how the activity log names it.
QString displayName(RbacKind kind, const QJsonObject &object)
{
    const QString ns = objectNamespace(object);
    return kindName(kind).toLower() + QLatin1Char(' ')
           + (ns.isEmpty() ? QString() : ns + QLatin1Char('/')) + objectName(object);
}

// Runs the editor; `send` writes the object and answers through the callback it is given.
void runEditor(QWidget *parent, ClusterSession *session, const QString &title,
               const QByteArray &yaml, ObjectEditor::Check check, const QString &warning,
               ObjectEditor::Send send)
{
    ObjectEditor editor(title, yaml, std::move(check),
                        ObjectEditor::throughApi(session, std::move(send)), parent);
    editor.setWarning(warning);
    editor.exec();
}

QString bootstrapWarning(RbacKind kind, const QJsonObject &object)
{
    const auto part = bootstrapPartOf(kindName(kind), objectNamespace(object), objectName(object));
    return part ? tr("Joining nodes rely on this object: %1.").arg(describe(*part)) : QString();
}

} // namespace

void create(QWidget *parent, ClusterSession *session, RbacKind kind, const QString &namespaceName)
{
    runEditor(
        parent, session, tr("New %1").arg(kindName(kind)), newObjectYaml(kind, namespaceName),
        [kind](const QJsonObject &object) { return problemWith(object, kind); }, {},
        [session, kind](ApiClient &client, const QJsonObject &object, ApiClient::Callback done) {
            client.create(apiPath(kind, objectNamespace(object)), object,
                          session->logged(tr("create %1").arg(displayName(kind, object)),
                                          kubectl::withManifest(QStringLiteral("create"), object),
                                          std::move(done)));
        });
}

void edit(QWidget *parent, ClusterSession *session, RbacKind kind, const QJsonObject &object)
{
    QString warning = reconciledWarning(object);
    if (const QString joining = bootstrapWarning(kind, object); !joining.isEmpty())
        warning = joining + (warning.isEmpty() ? QString() : QLatin1Char(' ') + warning);
    runEditor(
        parent, session, tr("Edit %1").arg(displayName(kind, object)), editableYaml(object),
        [kind, object](const QJsonObject &edited) { return problemWith(edited, kind, object); },
        warning,
        [session, kind](ApiClient &client, const QJsonObject &edited, ApiClient::Callback done) {
            client.update(apiPath(kind, objectNamespace(edited), objectName(edited)), edited,
                          session->logged(tr("edit %1").arg(displayName(kind, edited)),
                                          kubectl::withManifest(QStringLiteral("replace"), edited),
                                          std::move(done)));
        });
}

void remove(QWidget *parent, ClusterSession *session, RbacKind kind, const QJsonObject &object,
            std::function<void(const QString &problem)> failed)
{
    const QString shown = displayName(kind, object);
    QString question = tr("Delete %1?").arg(shown);
    if (const QString joining = bootstrapWarning(kind, object); !joining.isEmpty())
        question += QStringLiteral("\n\n") + joining + QLatin1Char(' ')
                    + tr("Without it, nodes that join with a bootstrap token may fail.");
    if (!reconciledWarning(object).isEmpty())
        question += QStringLiteral("\n\n")
                    + tr("This is one of the API server's defaults: it creates it again when "
                         "it restarts.");
    if (QMessageBox::question(parent, tr("Delete %1").arg(kindName(kind)), question)
            != QMessageBox::Yes
        || !session->client())
        return;
    const QString ns = objectNamespace(object);
    const QString name = objectName(object);
    session->client()->remove(
        apiPath(kind, ns, name),
        session->logged(tr("delete %1").arg(shown), kubectlDelete(kind, ns, name),
                        [failed, shown](const QJsonObject &, const ApiFailure *failure) {
                            if (failure)
                                failed(tr("%1 was not deleted: %2").arg(shown, failure->message));
                        }));
}

} // namespace kubestrap::rbac_editing
