#include "field_validation.h"
#include "json_patch.h"
#include "openapi.h"
#include "strategic_merge_patch.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace kubestrap::sandbox;

namespace {

QJsonValue parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray("[") + json + "]").array().first();
}

} // namespace

// The sandbox's patches and decoding, each row a fact kube-apiserver v1.32 showed for the same
// request (dry-run patches of one ServiceAccount) or an example of RFC 6902.
class TestSandboxPatches : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void strategicMergePatchesFollowTheSchema_data()
    {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("expected"); // the fields of the result that matter, or the error
        // Rows: the patch, then labels | finalizers | secrets | imagePullSecrets afterwards.
        QTest::newRow("merge by name, new first") << R"({"secrets":[{"name":"c"}]})"
                                                  << "x=1 y=2 | f.io/a f.io/b | c a b | p1";
        QTest::newRow("merge by name, known ones keep their place")
            << R"({"secrets":[{"name":"b"},{"name":"c"}]})"
            << "x=1 y=2 | f.io/a f.io/b | a b c | p1";
        QTest::newRow("$patch: delete") << R"({"secrets":[{"name":"a","$patch":"delete"}]})"
                                        << "x=1 y=2 | f.io/a f.io/b | b | p1";
        QTest::newRow("$patch: replace in a list")
            << R"({"secrets":[{"name":"x"},{"$patch":"replace"}]})"
            << "x=1 y=2 | f.io/a f.io/b | x | p1";
        QTest::newRow("an atomic list is replaced") << R"({"imagePullSecrets":[{"name":"p2"}]})"
                                                    << "x=1 y=2 | f.io/a f.io/b | a b | p2";
        QTest::newRow("a set of values merges")
            << R"({"metadata":{"finalizers":["f.io/b","f.io/c"]}})"
            << "x=1 y=2 | f.io/a f.io/b f.io/c | a b | p1";
        QTest::newRow("$deleteFromPrimitiveList")
            << R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["f.io/a"]}})"
            << "x=1 y=2 | f.io/b | a b | p1";
        QTest::newRow("$setElementOrder alone")
            << R"({"$setElementOrder/secrets":[{"name":"b"},{"name":"a"}]})"
            << "x=1 y=2 | f.io/a f.io/b | b a | p1";
        QTest::newRow("$setElementOrder with a new element")
            << R"({"$setElementOrder/secrets":[{"name":"b"},{"name":"c"},{"name":"a"}],)"
               R"("secrets":[{"name":"c"}]})"
            << "x=1 y=2 | f.io/a f.io/b | b c a | p1";
        QTest::newRow("$setElementOrder of values")
            << R"({"metadata":{"finalizers":["f.io/c"],)"
               R"("$setElementOrder/finalizers":["f.io/b","f.io/c","f.io/a"]}})"
            << "x=1 y=2 | f.io/b f.io/c f.io/a | a b | p1";
        QTest::newRow("$patch: replace in a map")
            << R"({"metadata":{"labels":{"$patch":"replace","z":"3"}}})"
            << "z=3 | f.io/a f.io/b | a b | p1";
        QTest::newRow("$patch: delete in a map") << R"({"metadata":{"labels":{"$patch":"delete"}}})"
                                                 << " | f.io/a f.io/b | a b | p1";
        QTest::newRow("null removes a key") << R"({"metadata":{"labels":{"y":null}}})"
                                            << "x=1 | f.io/a f.io/b | a b | p1";
        QTest::newRow("a missing merge key")
            << R"({"secrets":[{"namespace":"x"}]})"
            << "map: map[namespace:x] does not contain declared merge key: name";
        QTest::newRow("an unknown directive")
            << R"({"$patch":"bogus"})"
            << "unknown patch type: bogus in map: map[$patch:bogus]";
    }

    void strategicMergePatchesFollowTheSchema()
    {
        QFETCH(QString, patch);
        QFETCH(QString, expected);
        const QJsonObject account = parse(R"({"apiVersion":"v1","kind":"ServiceAccount",
            "metadata":{"name":"smp-table","labels":{"x":"1","y":"2"},"finalizers":["f.io/a","f.io/b"]},
            "secrets":[{"name":"a"},{"name":"b"}],"imagePullSecrets":[{"name":"p1"}]})")
                                        .toObject();
        const Schema schema =
            OpenApi::recorded().schemaOf(QStringLiteral("v1"), QStringLiteral("ServiceAccount"));
        QVERIFY(schema.known());
        const auto result = applyStrategicMergePatch(
            account, QJsonDocument::fromJson(patch.toUtf8()).object(), schema);
        if (!result) {
            QCOMPARE(result.error().message, expected);
            return;
        }
        const auto names = [](const QJsonValue &list) {
            QStringList out;
            for (const QJsonValue &item : list.toArray())
                out << (item.isObject() ? item.toObject().value(QStringLiteral("name")).toString()
                                        : item.toString());
            return out.join(QLatin1Char(' '));
        };
        const QJsonObject metadata = result->value(QStringLiteral("metadata")).toObject();
        QStringList labels;
        const QJsonObject labelMap = metadata.value(QStringLiteral("labels")).toObject();
        for (auto it = labelMap.begin(); it != labelMap.end(); ++it)
            labels << it.key() + QLatin1Char('=') + it.value().toString();
        QCOMPARE(QStringList({labels.join(QLatin1Char(' ')),
                              names(metadata.value(QStringLiteral("finalizers"))),
                              names(result->value(QStringLiteral("secrets"))),
                              names(result->value(QStringLiteral("imagePullSecrets")))})
                     .join(QStringLiteral(" | ")),
                 expected);
    }

    void jsonPatchesAsRfc6902Has_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("expected"); // empty: the patch fails
        // RFC 6902, appendix A.
        QTest::newRow("A.1 add to an object") << R"({"foo":"bar"})"
                                              << R"([{"op":"add","path":"/baz","value":"qux"}])"
                                              << R"({"baz":"qux","foo":"bar"})";
        QTest::newRow("A.2 add to an array") << R"({"foo":["bar","baz"]})"
                                             << R"([{"op":"add","path":"/foo/1","value":"qux"}])"
                                             << R"({"foo":["bar","qux","baz"]})";
        QTest::newRow("A.3 remove from an object") << R"({"baz":"qux","foo":"bar"})"
                                                   << R"([{"op":"remove","path":"/baz"}])"
                                                   << R"({"foo":"bar"})";
        QTest::newRow("A.4 remove from an array") << R"({"foo":["bar","qux","baz"]})"
                                                  << R"([{"op":"remove","path":"/foo/1"}])"
                                                  << R"({"foo":["bar","baz"]})";
        QTest::newRow("A.5 replace") << R"({"baz":"qux","foo":"bar"})"
                                     << R"([{"op":"replace","path":"/baz","value":"boo"}])"
                                     << R"({"baz":"boo","foo":"bar"})";
        QTest::newRow("A.6 move a value")
            << R"({"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}})"
            << R"([{"op":"move","from":"/foo/waldo","path":"/qux/thud"}])"
            << R"({"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}})";
        QTest::newRow("A.7 move an array element")
            << R"({"foo":["all","grass","cows","eat"]})"
            << R"([{"op":"move","from":"/foo/1","path":"/foo/3"}])"
            << R"({"foo":["all","cows","eat","grass"]})";
        QTest::newRow("A.8 test succeeds")
            << R"({"baz":"qux","foo":["a",2,"c"]})"
            << R"([{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}])"
            << R"({"baz":"qux","foo":["a",2,"c"]})";
        QTest::newRow("A.9 test fails") << R"({"baz":"qux"})"
                                        << R"([{"op":"test","path":"/baz","value":"bar"}])"
                                        << "";
        QTest::newRow("A.10 add a nested member")
            << R"({"foo":"bar"})"
            << R"([{"op":"add","path":"/child","value":{"grandchild":{}}}])"
            << R"({"child":{"grandchild":{}},"foo":"bar"})";
        QTest::newRow("A.12 add to a missing parent")
            << R"({"foo":"bar"})"
            << R"([{"op":"add","path":"/baz/bat","value":"qux"}])"
            << "";
        QTest::newRow("A.14 ~ escapes") << R"({"/":9,"~1":10})"
                                        << R"([{"op":"test","path":"/~01","value":10}])"
                                        << R"({"/":9,"~1":10})";
        QTest::newRow("A.16 add an array value")
            << R"({"foo":["bar"]})"
            << R"([{"op":"add","path":"/foo/-","value":["abc","def"]}])"
            << R"({"foo":["bar",["abc","def"]]})";
        QTest::newRow("all or nothing")
            << R"({"a":1})"
            << R"([{"op":"remove","path":"/a"},{"op":"remove","path":"/a"}])"
            << "";
        QTest::newRow("an index past the end") << R"({"foo":["bar"]})"
                                               << R"([{"op":"add","path":"/foo/2","value":1}])"
                                               << "";
        QTest::newRow("a leading zero is no index") << R"({"foo":["bar","baz"]})"
                                                    << R"([{"op":"remove","path":"/foo/01"}])"
                                                    << "";
    }

    void jsonPatchesAsRfc6902Has()
    {
        QFETCH(QString, document);
        QFETCH(QString, patch);
        QFETCH(QString, expected);
        const auto result = applyJsonPatch(QJsonDocument::fromJson(document.toUtf8()).object(),
                                           QJsonDocument::fromJson(patch.toUtf8()).array());
        if (expected.isEmpty()) {
            QVERIFY(!result);
            return;
        }
        if (!result)
            QFAIL(qPrintable(result.error().message));
        QCOMPARE(
            QString::fromUtf8(QJsonDocument(result->toObject()).toJson(QJsonDocument::Compact)),
            expected);
    }

    void unknownFieldsAreNamedAndDropped()
    {
        QJsonObject binding = parse(R"({"apiVersion":"rbac.authorization.k8s.io/v1",
            "kind":"RoleBinding","metadata":{"name":"b","labels":{"any":"key"},"colour":"red"},
            "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},
            "subjects":[{"kind":"User","name":"ada"},{"kind":"User","name":"bob","age":3}]})")
                                  .toObject();
        const Schema schema = OpenApi::recorded().schemaOf(
            QStringLiteral("rbac.authorization.k8s.io/v1"), QStringLiteral("RoleBinding"));
        QCOMPARE(
            dropUnknownFields(binding, schema),
            (QStringList{QStringLiteral("metadata.colour"), QStringLiteral("subjects[1].age")}));
        QVERIFY(!binding.value(QStringLiteral("metadata"))
                     .toObject()
                     .contains(QStringLiteral("colour")));
        QCOMPARE(
            binding.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")),
            parse(R"({"any":"key"})"));
        QCOMPARE(dropUnknownFields(binding, schema), QStringList());
    }

    void goPrintsDecodedJsonLikeThis()
    {
        QCOMPARE(goFormatted(parse(R"({"data":{"y":"2","x":"1"},"bogus":[1,"two",{"three":3}]})")),
                 QStringLiteral("map[bogus:[1 two map[three:3]] data:map[x:1 y:2]]"));
        QCOMPARE(goFormatted(parse("[0.1, true, null]")), QStringLiteral("[0.1 true <nil>]"));
    }

    void theDocumentsAreServedByTheirHashes()
    {
        const auto all = [](const QString &) {
            return true;
        };
        const auto index = OpenApi::recorded().answer(QStringLiteral("/openapi/v3"), {}, {}, all);
        QVERIFY(index);
        const QJsonObject paths =
            QJsonDocument::fromJson(index->body).object().value(QStringLiteral("paths")).toObject();
        QCOMPARE(paths.keys(), (QStringList{QStringLiteral("api/v1"),
                                            QStringLiteral("apis/authentication.k8s.io/v1"),
                                            QStringLiteral("apis/authorization.k8s.io/v1"),
                                            QStringLiteral("apis/certificates.k8s.io/v1"),
                                            QStringLiteral("apis/rbac.authorization.k8s.io/v1")}));
        const QString url = paths.value(QStringLiteral("api/v1"))
                                .toObject()
                                .value(QStringLiteral("serverRelativeURL"))
                                .toString();
        const QString hash = url.section(QStringLiteral("?hash="), 1);
        const auto document =
            OpenApi::recorded().answer(QStringLiteral("/openapi/v3/api/v1"), {}, hash, all);
        QVERIFY(document);
        QCOMPARE(document->code, 200);
        QVERIFY(document->immutable);
        QCOMPARE(
            QCryptographicHash::hash(document->body, QCryptographicHash::Sha512).toHex().toUpper(),
            hash.toLatin1());
        const auto stale = OpenApi::recorded().answer(QStringLiteral("/openapi/v3/api/v1"), {},
                                                      QStringLiteral("AB"), all);
        QCOMPARE(stale->code, 301);
        QCOMPARE(QString::fromLatin1(stale->location), url);

        // A group version the server does not serve has no document either.
        const auto withoutCertificates = [](const QString &groupVersion) {
            return groupVersion != QLatin1String("certificates.k8s.io/v1");
        };
        QVERIFY(
            !OpenApi::recorded().answer(QStringLiteral("/openapi/v3/apis/certificates.k8s.io/v1"),
                                        {}, {}, withoutCertificates));
        QVERIFY(!QJsonDocument::fromJson(
                     OpenApi::recorded()
                         .answer(QStringLiteral("/openapi/v3"), {}, {}, withoutCertificates)
                         ->body)
                     .object()
                     .value(QStringLiteral("paths"))
                     .toObject()
                     .contains(QStringLiteral("apis/certificates.k8s.io/v1")));
        // v2 as JSON, or as protobuf for the kubectl versions that ask for it.
        const auto v2 =
            OpenApi::recorded().answer(QStringLiteral("/openapi/v2"), "application/json", {}, all);
        QVERIFY(QJsonDocument::fromJson(v2->body)
                    .object()
                    .value(QStringLiteral("paths"))
                    .toObject()
                    .contains(QStringLiteral("/api/v1/namespaces/{namespace}/configmaps")));
        const auto protobuf = OpenApi::recorded().answer(
            QStringLiteral("/openapi/v2"),
            "application/com.github.proto-openapi.spec.v2@v1.0+protobuf", {}, all);
        QVERIFY(protobuf->contentType.endsWith("+protobuf"));
        QVERIFY(protobuf->body.contains("/api/v1/namespaces/{namespace}/configmaps"));
        QVERIFY(!protobuf->body.contains("/api/v1/namespaces/{namespace}/pods"));
    }
};

QTEST_GUILESS_MAIN(TestSandboxPatches)
#include "test_sandbox_patches.moc"
