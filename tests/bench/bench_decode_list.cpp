// Decoding list pages into what a store keeps: simdjson item by item (decodeList, what the store
// uses) against QJsonDocument over the whole page, on 500-item pages of RoleBindings with and
// without the managedFields a real API server adds. Reports microseconds per page; asserts only
// that both produce the same objects.

#include "list_decoder.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace {

using namespace kubestrap;

QByteArray page(int items, bool managedFields)
{
    QByteArray out = R"({"kind":"RoleBindingList","apiVersion":"rbac.authorization.k8s.io/v1",)"
                     R"("metadata":{"resourceVersion":"12345","continue":"next"},"items":[)";
    for (int i = 0; i < items; ++i) {
        const QByteArray ns = "team-" + QByteArray::number(i % 100);
        const QByteArray n = QByteArray::number(i);
        out += (i ? "," : "");
        out += R"({"metadata":{"name":"binding-)" + n + R"(","namespace":")" + ns
               + R"(","uid":"3f0c2d8e-1c7b-4a43-9d0e-)" + n.rightJustified(12, '0')
               + R"(","resourceVersion":")" + QByteArray::number(1000 + i)
               + R"(","creationTimestamp":"2026-01-01T00:00:00Z","labels":{"team":")" + ns
               + R"("})";
        if (managedFields)
            out += R"(,"managedFields":[{"manager":"kubectl-client-side-apply","operation":)"
                   R"("Update","apiVersion":"rbac.authorization.k8s.io/v1","time":)"
                   R"("2026-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":)"
                   R"({"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-)"
                   R"(configuration":{}},"f:labels":{".":{},"f:team":{}}},"f:roleRef":{},)"
                   R"("f:subjects":{}}}])";
        out += R"(},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole",)"
               R"("name":"view"},"subjects":[{"kind":"User","apiGroup":)"
               R"("rbac.authorization.k8s.io","name":"user-)"
               + n + R"("},{"kind":"ServiceAccount","name":"default","namespace":")" + ns
               + R"("}]})";
    }
    return out + "]}";
}

// The alternative: the whole page as one QJsonDocument, each item then trimmed and serialised.
std::vector<DecodedObject> decodeWithQt(const QByteArray &body)
{
    std::vector<DecodedObject> items;
    const QJsonArray array =
        QJsonDocument::fromJson(body).object().value(QStringLiteral("items")).toArray();
    for (const QJsonValue &item : array)
        items.push_back(decodeObject(item.toObject()));
    return items;
}

template <typename Decode>
double microsecondsPerPage(const QByteArray &body, int rounds, Decode decode)
{
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < rounds; ++i)
        (void)decode(body);
    return double(timer.nsecsElapsed()) / 1000.0 / rounds;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = app.arguments().value(1, QStringLiteral("200")).toInt();
    int failures = 0;
    for (const bool managed : {false, true}) {
        const QByteArray body = page(500, managed);
        const auto ours = decodeList(body);
        const auto theirs = decodeWithQt(body);
        if (!ours || ours->items.size() != theirs.size()) {
            ++failures;
            continue;
        }
        for (size_t i = 0; i < theirs.size(); ++i) {
            if (ours->items[i].object != theirs[i].object || ours->items[i].key != theirs[i].key
                || ours->items[i].resourceVersion != theirs[i].resourceVersion)
                ++failures;
        }
        const double simd = microsecondsPerPage(
            body, rounds, [](const QByteArray &page) { return decodeList(page); });
        const double qt = microsecondsPerPage(body, rounds, decodeWithQt);
        std::printf("500 RoleBindings%s (%lld KB): simdjson %.0f us/page, QJsonDocument %.0f "
                    "us/page, %.2fx; stored %lld bytes/object\n",
                    managed ? " with managedFields" : "", qsizetype(body.size()) / 1024, simd, qt,
                    qt / simd, qsizetype(ours->items[0].json.size()));
    }
    return failures ? 1 : 0;
}
