#include "csr_commands.h"

#include "api_paths.h"
#include "cluster_access.h"
#include "csr_review.h"
#include "human_duration.h"
#include "list_all.h"
#include "object_meta.h"
#include "rbac_objects.h"
#include "tab_writer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <memory>

namespace kubestrap::cli {

namespace {

// What a verdict is made from: the requests, the cluster's RBAC (the approver's
// SubjectAccessReviews) and its nodes (serving requests for nodes that do not exist).
struct CsrReading {
    RbacObjects rbac;
    std::vector<QJsonObject> requests, nodes;

    QSet<QString> nodeNames() const
    {
        QSet<QString> names;
        for (const QJsonObject &node : nodes)
            names.insert(objectName(node));
        return names;
    }
};

std::optional<CsrReading> readCsrs(ApiClient &client, Io &io)
{
    auto reading = std::make_shared<CsrReading>();
    CollectionReads reads = reading->rbac.reads();
    reads.push_back({paths::certificateSigningRequests(), &reading->requests});
    reads.push_back({paths::nodes(), &reading->nodes});
    const auto failure = awaitAnswer<std::optional<Error>>(
        [&](std::function<void(const std::optional<Error> &)> done) {
            listAll(client, reads, done);
        });
    if (failure) {
        io.err << QCoreApplication::translate(
                      "kubestrap::cli::csr",
                      "error: cannot read the certificate requests and what judges them: %1\n"
                      "This needs list on certificatesigningrequests, nodes, and the four RBAC "
                      "kinds (the approver's verdict is worked out from them).\n")
                      .arg(failure->message);
        return std::nullopt;
    }
    return *reading;
}

// The JSON contract of `csr list -o json` and `csr show -o json`.
QJsonObject reviewJson(const CsrReview &review, const QJsonObject &csr)
{
    const QJsonObject spec = csr.value(QStringLiteral("spec")).toObject();
    const x509::RequestInfo request = review.request.value_or(x509::RequestInfo{});
    return {
        {QStringLiteral("name"), review.name},
        {QStringLiteral("signerName"), review.signer},
        {QStringLiteral("requestor"), review.requestor},
        {QStringLiteral("groups"), QJsonArray::fromStringList(review.requestorGroups)},
        {QStringLiteral("usages"), QJsonArray::fromStringList(review.usages)},
        {QStringLiteral("expirationSeconds"), spec.value(QStringLiteral("expirationSeconds"))},
        {QStringLiteral("condition"), csrCondition(csr)},
        {QStringLiteral("subject"),
         QJsonObject{
             {QStringLiteral("commonName"), request.commonName},
             {QStringLiteral("organizations"), QJsonArray::fromStringList(request.organizations)}}},
        {QStringLiteral("dnsNames"), QJsonArray::fromStringList(request.dnsNames)},
        {QStringLiteral("ipAddresses"), QJsonArray::fromStringList(request.ipAddresses)},
        {QStringLiteral("emailAddresses"), QJsonArray::fromStringList(request.emailAddresses)},
        {QStringLiteral("uris"), QJsonArray::fromStringList(request.uris)},
        {QStringLiteral("keyType"), request.keyType},
        {QStringLiteral("autoApproval"),
         QJsonObject{{QStringLiteral("approves"), review.autoApprovable},
                     {QStringLiteral("reason"), review.autoApproval},
                     {QStringLiteral("grantedBy"), review.autoApprovalGrantedBy}}},
        {QStringLiteral("risks"), QJsonArray::fromStringList(review.risks)},
    };
}

QString printedJson(const QJsonValue &value)
{
    return QString::fromUtf8(value.isArray()
                                 ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)
                                 : QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
}

int runList(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kubestrap::cli::csr",
        "List certificate requests as kubectl get csr does, with whether "
        "kube-controller-manager's approver approves each by itself and what is risky."));
    const QCommandLineOption output =
        outputOption({QStringLiteral("wide"), QStringLiteral("json")});
    parser.addOption(output);
    if (const auto stop = parseArguments(parser, args, io))
        return *stop;
    const QString format = parser.value(output);
    if (!knownOutputFormat(format, {QStringLiteral("wide"), QStringLiteral("json")}, io))
        return UsageError;
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    const auto reading = readCsrs(*session->client, io);
    if (!reading)
        return Failure;
    const rbac::Authorizer authorizer = reading->rbac.authorizer();
    const QSet<QString> nodes = reading->nodeNames();
    QJsonArray json;
    QList<QStringList> rows;
    QStringList header{QStringLiteral("NAME"),
                       QStringLiteral("AGE"),
                       QStringLiteral("SIGNERNAME"),
                       QStringLiteral("REQUESTOR"),
                       QStringLiteral("REQUESTEDDURATION"),
                       QStringLiteral("CONDITION"),
                       QStringLiteral("AUTO-APPROVES"),
                       QStringLiteral("RISKS")};
    if (format == QLatin1String("wide"))
        header << QStringLiteral("SUBJECT") << QStringLiteral("USAGES");
    rows << header;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QJsonObject &csr : reading->requests) {
        const CsrReview review = reviewCsr(csr, authorizer, nodes);
        if (format == QLatin1String("json")) {
            json.append(reviewJson(review, csr));
            continue;
        }
        const QJsonObject spec = csr.value(QStringLiteral("spec")).toObject();
        const QDateTime created =
            QDateTime::fromString(csr.value(QStringLiteral("metadata"))
                                      .toObject()
                                      .value(QStringLiteral("creationTimestamp"))
                                      .toString(),
                                  Qt::ISODate);
        QStringList row{
            review.name,
            created.isValid() ? shortHumanDuration(created.secsTo(now))
                              : QStringLiteral("<unknown>"),
            review.signer,
            review.requestor,
            spec.contains(QStringLiteral("expirationSeconds"))
                ? humanDuration(spec.value(QStringLiteral("expirationSeconds")).toInteger())
                : QStringLiteral("<none>"),
            csrCondition(csr),
            review.autoApprovable ? QStringLiteral("yes") : QStringLiteral("no"),
            QString::number(review.risks.size())};
        if (format == QLatin1String("wide")) {
            const x509::RequestInfo request = review.request.value_or(x509::RequestInfo{});
            QString subject = QStringLiteral("CN=") + request.commonName;
            for (const QString &organization : request.organizations)
                subject += QStringLiteral(",O=") + organization;
            row << subject << review.usages.join(QLatin1Char(','));
        }
        rows << row;
    }
    if (format == QLatin1String("json"))
        io.out << printedJson(json);
    else if (reading->requests.empty())
        io.err << QCoreApplication::translate("kubestrap::cli::csr",
                                              "No certificate requests found.\n");
    else
        io.out << tabulate(rows, 0, 3);
    return Success;
}

// The request named `name`, reviewed; prints why not when it cannot be.
struct Reviewed {
    QJsonObject csr;
    CsrReview review;
};
std::optional<Reviewed> reviewNamed(CommandConnection &session, const QString &name, Io &io)
{
    const auto reading = readCsrs(*session.client, io);
    if (!reading)
        return std::nullopt;
    for (const QJsonObject &csr : reading->requests) {
        if (objectName(csr) == name)
            return Reviewed{csr, reviewCsr(csr, reading->rbac.authorizer(), reading->nodeNames())};
    }
    io.err << QCoreApplication::translate(
                  "kubestrap::cli::csr",
                  "error: there is no certificate request named '%1' (kubestrap-cli csr list "
                  "shows them)\n")
                  .arg(name);
    return std::nullopt;
}

int runShow(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kubestrap::cli::csr",
        "What a certificate request asks for, who sent it, whether the approver approves it by "
        "itself, and what is risky about it."));
    const QCommandLineOption output = outputOption({QStringLiteral("json")});
    parser.addOption(output);
    if (const auto stop = parseArguments(parser, args, io, {QStringLiteral("name")}))
        return *stop;
    if (!knownOutputFormat(parser.value(output), {QStringLiteral("json")}, io))
        return UsageError;
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    const auto reviewed = reviewNamed(*session, parser.positionalArguments().at(0), io);
    if (!reviewed)
        return Failure;
    const CsrReview &review = reviewed->review;
    const QJsonObject json = reviewJson(review, reviewed->csr);
    if (!parser.value(output).isEmpty()) {
        io.out << printedJson(json);
        return Success;
    }
    const auto joined = [](const QJsonObject &in, const char *field) {
        QStringList values;
        for (const QJsonValue &value : in.value(QLatin1String(field)).toArray())
            values << value.toString();
        return values.isEmpty() ? QStringLiteral("-") : values.join(QStringLiteral(", "));
    };
    const QJsonObject subject = json.value(QStringLiteral("subject")).toObject();
    QList<QStringList> rows{
        {QCoreApplication::translate("kubestrap::cli::csr", "Name"), review.name},
        {QCoreApplication::translate("kubestrap::cli::csr", "Condition"),
         json.value(QStringLiteral("condition")).toString()},
        {QCoreApplication::translate("kubestrap::cli::csr", "Signer"), review.signer},
        {QCoreApplication::translate("kubestrap::cli::csr", "Sent by"),
         QStringLiteral("%1 (%2)").arg(review.requestor,
                                       review.requestorGroups.join(QStringLiteral(", ")))},
        {QCoreApplication::translate("kubestrap::cli::csr", "Subject"),
         QStringLiteral("CN=%1 O=%2")
             .arg(subject.value(QStringLiteral("commonName")).toString(),
                  joined(subject, "organizations"))},
        {QCoreApplication::translate("kubestrap::cli::csr", "Key"),
         json.value(QStringLiteral("keyType")).toString()},
        {QCoreApplication::translate("kubestrap::cli::csr", "Usages"), joined(json, "usages")},
        {QCoreApplication::translate("kubestrap::cli::csr", "DNS names"), joined(json, "dnsNames")},
        {QCoreApplication::translate("kubestrap::cli::csr", "IP addresses"),
         joined(json, "ipAddresses")},
        {QCoreApplication::translate("kubestrap::cli::csr", "Emails"),
         joined(json, "emailAddresses")},
        {QCoreApplication::translate("kubestrap::cli::csr", "URIs"), joined(json, "uris")},
        {QCoreApplication::translate("kubestrap::cli::csr", "Approver"), review.autoApproval},
    };
    for (const QString &risk : review.risks)
        rows << QStringList{QCoreApplication::translate("kubestrap::cli::csr", "Risk"), risk};
    if (!review.requestProblem.isEmpty())
        rows << QStringList{QCoreApplication::translate("kubestrap::cli::csr", "Problem"),
                            review.requestProblem};
    io.out << tabulate(rows, 0, 2);
    return Success;
}

int decide(const QStringList &args, Io &io, bool approving)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        approving ? QCoreApplication::translate(
            "kubestrap::cli::csr",
            "Approve a certificate request, as kubectl certificate approve does; a "
            "request with risks is refused unless --force.")
                  : QCoreApplication::translate("kubestrap::cli::csr",
                                                "Deny a certificate request, saying why (the "
                                                "requester reads the reason)."));
    const QCommandLineOption reason(
        QStringLiteral("reason"),
        QCoreApplication::translate("kubestrap::cli::csr", "Why, kept in the request's condition."),
        QCoreApplication::translate("kubestrap::cli::csr", "text"));
    const QCommandLineOption force(
        QStringLiteral("force"),
        QCoreApplication::translate("kubestrap::cli::csr", "Approve even a risky request."));
    parser.addOption(reason);
    if (approving)
        parser.addOption(force);
    if (const auto stop = parseArguments(parser, args, io, {QStringLiteral("name")}))
        return *stop;
    if (!approving && parser.value(reason).trimmed().isEmpty()) {
        io.err << QCoreApplication::translate("kubestrap::cli::csr",
                                              "error: say why with --reason: the requester "
                                              "reads it in the request's condition\n");
        return UsageError;
    }
    auto session = connectForCommand(io);
    if (!session)
        return Failure;
    const QString name = parser.positionalArguments().at(0);
    const auto reviewed = reviewNamed(*session, name, io);
    if (!reviewed)
        return Failure;
    if (approving && !reviewed->review.risks.isEmpty() && !parser.isSet(force)) {
        io.err << QCoreApplication::translate(
                      "kubestrap::cli::csr",
                      "error: %1 was not approved, because it is risky:\n  - %2\nCheck it with "
                      "kubestrap-cli csr show %1; approve it anyway with --force.\n")
                      .arg(name, reviewed->review.risks.join(QStringLiteral("\n  - ")));
        return Failure;
    }
    const QString message =
        parser.isSet(reason) ? parser.value(reason)
        : approving          ? QCoreApplication::translate(
                       "kubestrap::cli::csr", "This CSR was approved by kubestrap-cli csr approve.")
                    : QString();
    const auto decided = withDecision(
        reviewed->csr, approving,
        approving ? QStringLiteral("KubestrapApprove") : QStringLiteral("KubestrapDeny"), message);
    if (!decided) {
        io.err << QCoreApplication::translate("kubestrap::cli::csr", "error: %1: %2\n")
                      .arg(name, decided.error().message);
        return Failure;
    }
    const auto sent = waitFor([&](ApiClient::Callback done) {
        session->client->update(paths::certificateSigningRequests() + QLatin1Char('/') + name
                                    + QStringLiteral("/approval"),
                                *decided, done);
    });
    if (!sent) {
        io.err << QCoreApplication::translate("kubestrap::cli::csr", "error: %1: %2\n")
                      .arg(name, sent.error().message);
        return Failure;
    }
    io.out << (approving ? QStringLiteral("certificatesigningrequest.certificates.k8s.io/%1 "
                                          "approved\n")
                         : QStringLiteral("certificatesigningrequest.certificates.k8s.io/%1 "
                                          "denied\n"))
                  .arg(name);
    return Success;
}

} // namespace

Command csrCommand()
{
    return {QStringLiteral("csr"),
            QCoreApplication::translate("kubestrap::cli::csr",
                                        "Certificate requests: list, show, approve and deny, "
                                        "judged as the approver judges them"),
            {},
            {{QStringLiteral("approve"),
              QCoreApplication::translate("kubestrap::cli::csr",
                                          "Approve a request (a risky one only with --force)"),
              [](const QStringList &args, Io &io) { return decide(args, io, true); },
              {}},
             {QStringLiteral("deny"),
              QCoreApplication::translate("kubestrap::cli::csr", "Deny a request, saying why"),
              [](const QStringList &args, Io &io) { return decide(args, io, false); },
              {}},
             {QStringLiteral("list"),
              QCoreApplication::translate("kubestrap::cli::csr",
                                          "List requests with the approver's verdict"),
              runList,
              {}},
             {QStringLiteral("show"),
              QCoreApplication::translate("kubestrap::cli::csr", "Show one request in full"),
              runShow,
              {}}}};
}

} // namespace kubestrap::cli
