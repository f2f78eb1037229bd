#include "certificate_risks.h"

#include "human_duration.h"

#include <QCoreApplication>

namespace kubestrap {

QStringList groupsThatBypassRbac(const QStringList &groups)
{
    // The authorizer's privileged group: kube-apiserver authorizes it before any mode is asked.
    QStringList privileged;
    for (const QString &group : groups) {
        if (group == QLatin1String("system:masters"))
            privileged << group;
    }
    return privileged;
}

QString privilegedGroupsWarning(const QStringList &privileged)
{
    return QCoreApplication::translate(
               "kubestrap::CertificateRisks",
               "a certificate in %1 can do anything on the cluster without RBAC being asked, and "
               "Kubernetes cannot revoke it: it stays all-powerful until it expires. Bind an "
               "ordinary group to the cluster-admin ClusterRole instead, so that removing the "
               "binding takes it back.")
        .arg(privileged.join(QStringLiteral(", ")));
}

bool applyDefaultLifetime(CredentialRequest &request)
{
    if (request.kind != CredentialRequest::Kind::ClientCertificate || request.expiration.count())
        return false;
    request.expiration = kDefaultCertificateLifetime;
    return true;
}

QString lifetimeNote(const CredentialRequest &request, bool defaulted)
{
    const QString lasting = humanDuration(request.expiration.count());
    if (defaulted)
        return QCoreApplication::translate(
                   "kubestrap::CertificateRisks",
                   "the certificate lasts %1, the default when no lifetime is asked; Kubernetes "
                   "cannot revoke it before then")
            .arg(lasting);
    if (request.expiration > kDefaultCertificateLifetime)
        return QCoreApplication::translate(
                   "kubestrap::CertificateRisks",
                   "the certificate lasts %1, and Kubernetes cannot revoke it before then: keep "
                   "it as you would a password, or ask for less")
            .arg(lasting);
    return QCoreApplication::translate("kubestrap::CertificateRisks", "the certificate lasts %1")
        .arg(lasting);
}

} // namespace kubestrap
