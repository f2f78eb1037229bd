#pragma once

#include "api_client.h"
#include "bootstrap_token.h"
#include "error.h"
#include "x509.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace kubestrap {

// A new credential for someone else's kubeconfig, and how to get it from the cluster.
struct CredentialRequest {
    enum class Kind { BootstrapToken, ClientCertificate, ServiceAccount };
    Kind kind = Kind::ClientCertificate;

    // How long it lasts; zero for the default (a token's 24 h, the signer's own for a
    // certificate, the API server's for a service-account token).
    std::chrono::seconds expiration{0};

    // BootstrapToken: this one (created when the cluster lacks it), else a new one.
    std::optional<BootstrapToken> token;

    // ClientCertificate: the user (CN) and groups (O) it names, the key made here.
    QString commonName;
    QStringList groups;
    x509::KeyType keyType = x509::KeyType::EcdsaP256;
    // How long to wait for the certificate: an approval by someone else included.
    std::chrono::milliseconds issueTimeout{std::chrono::seconds(60)};

    // ServiceAccount: which one, made when asked, and bound to a ClusterRole cluster-wide or to
    // a Role in its namespace (one of the two).
    QString namespaceName;
    QString serviceAccount;
    bool createServiceAccount = false;
    QString bindClusterRole;
    QString bindRole;
};

// What the cluster gave.
struct IssuedCredential {
    QString userName;       // the user entry's name in the kubeconfig
    QString token;          // a bearer token, or
    QByteArray certificate; // a client certificate (PEM) and
    QByteArray privateKey;  // its key (PKCS#8 PEM)
    std::optional<QDateTime> expires;
    QString identity;   // who the server will take the holder for
    QStringList groups; // and in which groups (as far as the credential says)
    QStringList notes;  // what the recipient or the admin should know
};

// Gets one new credential from the cluster: a bootstrap token's Secret, a client certificate
// through a CertificateSigningRequest (approved when the admin may), or a service-account token
// through a TokenRequest. Progress is reported step by step. Cancelling, or failing part-way,
// deletes what it created, so nothing is left half-done.
class CredentialIssuer : public QObject {
    Q_OBJECT

public:
    using Done = std::function<void(const Result<IssuedCredential> &credential)>;

    CredentialIssuer(ApiClient *client, CredentialRequest request, QObject *parent = nullptr);

    void start(Done done);
    void cancel();
    bool running() const { return bool(finish); }
    // Issuing, or deleting what it made: not to be destroyed yet if nothing is to be left.
    bool busy() const { return running() || undoing > 0; }

    // The objects made so far, as kubectl names them ("serviceaccount/ci -n build").
    QStringList created() const;
    // The kubectl commands that do what the last run did, one a line, secrets left out.
    QString kubectlCommands() const { return commands.join(QLatin1Char('\n')); }

    // Deletes, newest first, what the last run made (after a success too: an export abandoned
    // at its last step); `done` hears what could not be deleted, empty when all was.
    void undo(std::function<void(const QString &left)> done);

Q_SIGNALS:
    void progress(const QString &step);

private:
    struct Made {
        QString path;
        QString display;
    };

    void issueBootstrapToken();
    void issueClientCertificate();
    void askForCertificate(const QByteArray &key, const QByteArray &csr);
    void approve(const QString &name);
    // Asks for the certificate until it comes, `pause` ms apart at first, then less often.
    void awaitCertificate(const QString &name, const QByteArray &key, int pause = 20);
    void issueServiceAccountToken();
    void requestToken();
    // Creates `object` at `path`; `existed` is told when it was there already (and is kept).
    void createOrKeep(const QString &collection, const QJsonObject &object, const QString &display,
                      const QString &command, std::function<void(bool existed)> then);
    // Fails with `why` after deleting, newest first, what this run made.
    void fail(const QString &why);
    struct Undo {
        std::vector<Made> left;
        QStringList kept; // what could not be deleted, as kubectl commands that would
        std::function<void(const QString &left)> done;
    };
    void undoNext(const std::shared_ptr<Undo> &undo);
    void succeed(IssuedCredential credential);

    QPointer<ApiClient> client;
    CredentialRequest request;
    Done finish;
    std::vector<Made> made;
    QDateTime deadline;
    bool cancelled = false;
    int undoing = 0;
    QStringList notes;
    QStringList commands;
};

} // namespace kubestrap
