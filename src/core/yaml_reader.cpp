#include "yaml_reader.h"

#include "yaml_scalar.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <yaml.h>

#include <cmath>
#include <memory>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::readYaml", text);
}

constexpr qsizetype kMaxDepth = 10000;
constexpr qsizetype kIndexedMappingSize = 16;

QString at(SourceMark mark)
{
    return tr("line %1, column %2").arg(mark.line).arg(mark.column);
}

SourceMark markOf(const yaml_mark_t &mark)
{
    return {int(mark.line) + 1, int(mark.column) + 1};
}

// go-yaml v2's guard against alias bombs: the share of nodes that come from alias expansion may
// not pass a ratio that shrinks from 99% to 10% as documents grow.
bool excessiveAliasing(qint64 decodeCount, qint64 aliasCount)
{
    if (aliasCount <= 100 || decodeCount <= 1000)
        return false;
    constexpr double low = 400000, high = 4000000;
    double allowed = 0.10;
    if (decodeCount <= low)
        allowed = 0.99;
    else if (decodeCount < high)
        allowed = 0.99 - 0.89 * ((decodeCount - low) / (high - low));
    return double(aliasCount) / double(decodeCount) > allowed;
}

struct EventDeleter {
    void operator()(yaml_event_t *event) const { yaml_event_delete(event); }
};

QString utf8(const yaml_char_t *text, size_t length)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(text), qsizetype(length));
}

QString utf8(const yaml_char_t *text)
{
    return text ? QString::fromUtf8(reinterpret_cast<const char *>(text)) : QString();
}

class Builder {
public:
    explicit Builder(const QByteArray &input) : input(input) {}

    Result<YamlDocument> run();

private:
    struct Frame {
        YamlValue value;
        QString anchor;
        bool isMapping = false;
        bool expectKey = true;
        bool pendingMerge = false;
        QString pendingKey;
        SourceMark keyMark;
        QHash<QString, qsizetype> index; // key → member position, once the mapping is large
        QSet<QString> mergedKeys;        // set by `<<`: overriding them is no repetition
    };
    struct Anchored {
        YamlValue value;
        qsizetype nodes = 0;
    };

    Result<bool> handle(const yaml_event_t &event); // true once the first document is complete
    Result<void> start(bool mapping, const yaml_event_t &event, const yaml_char_t *anchor);
    Result<void> scalar(const yaml_event_t &event);
    Result<void> alias(const yaml_event_t &event);
    Result<void> complete(YamlValue value, const QString &anchor, qsizetype nodes);
    Result<void> acceptKey(const YamlValue &key, const yaml_event_t &event);
    void setMember(Frame &frame, const QString &key, YamlValue value);
    Result<void> merge(Frame &frame, const YamlValue &value);
    Error parserError(const yaml_parser_t &parser) const;
    Result<void> count(qint64 nodes, qint64 fromAliases);

    const QByteArray &input;
    std::vector<Frame> stack;
    QHash<QString, Anchored> anchors;
    YamlDocument document;
    bool documentDone = false;
    qint64 decodeCount = 0;
    qint64 aliasCount = 0;
};

Result<YamlDocument> Builder::run()
{
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    const std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t *)> guard(&parser,
                                                                          yaml_parser_delete);
    yaml_parser_set_input_string(
        &parser, reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()));
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event))
            return unexpected(parserError(parser));
        const std::unique_ptr<yaml_event_t, EventDeleter> owned(&event);
        if (event.type == YAML_STREAM_END_EVENT)
            break;
        const auto done = handle(event);
        if (!done)
            return unexpected(done.error());
        if (*done)
            break; // like kubectl, later documents are neither read nor checked
    }
    return std::move(document);
}

Result<bool> Builder::handle(const yaml_event_t &event)
{
    switch (event.type) {
    case YAML_DOCUMENT_END_EVENT:
        return true;
    case YAML_SCALAR_EVENT:
        if (auto ok = scalar(event); !ok)
            return unexpected(ok.error());
        break;
    case YAML_ALIAS_EVENT:
        if (auto ok = alias(event); !ok)
            return unexpected(ok.error());
        break;
    case YAML_SEQUENCE_START_EVENT:
        if (auto ok = start(false, event, event.data.sequence_start.anchor); !ok)
            return unexpected(ok.error());
        break;
    case YAML_MAPPING_START_EVENT:
        if (auto ok = start(true, event, event.data.mapping_start.anchor); !ok)
            return unexpected(ok.error());
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
        Frame frame = std::move(stack.back());
        stack.pop_back();
        if (auto ok = complete(std::move(frame.value), frame.anchor, 0); !ok)
            return unexpected(ok.error());
        break;
    }
    default:
        break;
    }
    return false;
}

Result<void> Builder::count(qint64 nodes, qint64 fromAliases)
{
    decodeCount += nodes;
    aliasCount += fromAliases;
    if (excessiveAliasing(decodeCount, aliasCount))
        return fail(tr("the document expands its aliases too often (excessive aliasing); kubectl "
                       "refuses it too"));
    return {};
}

Result<void> Builder::start(bool mapping, const yaml_event_t &event, const yaml_char_t *anchor)
{
    const SourceMark mark = markOf(event.start_mark);
    if (!stack.empty() && stack.back().isMapping && stack.back().expectKey)
        return fail(
            tr("%1: a mapping key must be a plain value, not a list or mapping").arg(at(mark)));
    if (stack.size() >= kMaxDepth)
        return fail(tr("%1: nesting deeper than %2 levels").arg(at(mark)).arg(kMaxDepth));
    Frame frame;
    frame.isMapping = mapping;
    frame.anchor = utf8(anchor);
    frame.value =
        mapping ? YamlValue(YamlValue::Mapping{}, mark) : YamlValue(YamlValue::Sequence{}, mark);
    stack.push_back(std::move(frame));
    return count(1, 0);
}

Result<void> Builder::scalar(const yaml_event_t &event)
{
    const auto &data = event.data.scalar;
    const SourceMark mark = markOf(event.start_mark);
    const QString text = utf8(data.value, data.length);
    const QString tag = utf8(data.tag);
    const bool plain = data.style == YAML_PLAIN_SCALAR_STYLE;

    if (!stack.empty() && stack.back().isMapping && stack.back().expectKey && plain && tag.isEmpty()
        && text == QLatin1String("<<")) {
        Frame &frame = stack.back();
        frame.pendingMerge = true;
        frame.expectKey = false;
        frame.keyMark = mark;
        return count(1, 0);
    }

    YamlValue value;
    if (tag.isEmpty())
        value = plain ? yaml_scalar::resolvePlain(text) : YamlValue(text);
    else {
        auto resolved = yaml_scalar::resolveTagged(tag, text, plain);
        if (!resolved)
            return fail(tr("%1: %2").arg(at(mark), resolved.error().message));
        value = std::move(*resolved);
    }
    value.mark = mark;
    if (auto ok = count(1, 0); !ok)
        return ok;

    if (!stack.empty() && stack.back().isMapping && stack.back().expectKey) {
        if (auto ok = acceptKey(value, event); !ok)
            return ok;
        if (data.anchor)
            anchors.insert(utf8(data.anchor), {value, 1});
        return {};
    }
    return complete(std::move(value), utf8(data.anchor), 1);
}

Result<void> Builder::alias(const yaml_event_t &event)
{
    const QString name = utf8(event.data.alias.anchor);
    const SourceMark mark = markOf(event.start_mark);
    for (const Frame &frame : stack) {
        if (frame.anchor == name)
            return fail(tr("%1: anchor '%2' contains itself").arg(at(mark), name));
    }
    const auto it = anchors.constFind(name);
    if (it == anchors.constEnd())
        return fail(tr("%1: unknown anchor '%2' referenced").arg(at(mark), name));
    // Counted before copying, so an alias bomb is refused before it takes any memory.
    if (auto ok = count(1 + it->nodes, it->nodes); !ok)
        return fail(tr("%1: %2").arg(at(mark), ok.error().message));

    if (!stack.empty() && stack.back().isMapping && stack.back().expectKey)
        return acceptKey(it->value, event);
    return complete(it->value, QString(), it->nodes);
}

Result<void> Builder::acceptKey(const YamlValue &key, const yaml_event_t &event)
{
    const SourceMark mark = markOf(event.start_mark);
    QString name;
    switch (key.kind()) {
    case YamlValue::Kind::String:
        name = *key.string();
        break;
    case YamlValue::Kind::Bool:
        name = std::get<bool>(key.data) ? QStringLiteral("true") : QStringLiteral("false");
        break;
    case YamlValue::Kind::Int:
        name = QString::number(std::get<qint64>(key.data));
        break;
    case YamlValue::Kind::Float:
        name = yaml_scalar::formatKeyFloat(std::get<double>(key.data));
        break;
    default: // null, unsigned beyond int64, lists and mappings have no JSON spelling
        return fail(tr("%1: a mapping key cannot be %2").arg(at(mark), key.kindName()));
    }
    Frame &frame = stack.back();
    frame.pendingKey = name;
    frame.keyMark = mark;
    frame.expectKey = false;
    return {};
}

Result<void> Builder::complete(YamlValue value, const QString &anchor, qsizetype nodes)
{
    if (const double *number = std::get_if<double>(&value.data); number && !std::isfinite(*number))
        return fail(tr("%1: %2 cannot be represented in JSON; kubectl refuses it too")
                        .arg(at(value.mark), yaml_scalar::formatKeyFloat(*number)));
    if (!anchor.isEmpty())
        anchors.insert(anchor, {value, nodes > 0 ? nodes : value.nodeCount()});

    if (stack.empty()) {
        if (!documentDone)
            document.root = std::move(value);
        documentDone = true;
        return {};
    }
    Frame &parent = stack.back();
    if (!parent.isMapping) {
        parent.value.sequence()->push_back(std::move(value));
        return {};
    }
    parent.expectKey = true;
    if (parent.pendingMerge) {
        parent.pendingMerge = false;
        return merge(parent, value);
    }
    const bool present = parent.index.isEmpty() ? parent.value.member(parent.pendingKey) != nullptr
                                                : parent.index.contains(parent.pendingKey);
    if (present && !parent.mergedKeys.remove(parent.pendingKey)) {
        document.warnings << tr("%1: key '%2' appears more than once; the last value counts, as "
                                "in kubectl")
                                 .arg(at(parent.keyMark), parent.pendingKey);
    }
    setMember(parent, parent.pendingKey, std::move(value));
    return {};
}

void Builder::setMember(Frame &frame, const QString &key, YamlValue value)
{
    YamlValue::Mapping &members = *frame.value.mapping();
    if (members.size() < kIndexedMappingSize) {
        frame.value.set(key, std::move(value));
        if (members.size() == kIndexedMappingSize) {
            for (qsizetype i = 0; i < qsizetype(members.size()); ++i)
                frame.index.insert(members[i].first, i);
        }
        return;
    }
    const auto it = frame.index.constFind(key);
    if (it != frame.index.constEnd()) {
        members[*it].second = std::move(value);
        return;
    }
    frame.index.insert(key, qsizetype(members.size()));
    members.emplace_back(key, std::move(value));
}

// go-yaml v2 merges in document order and lets the merged values overwrite keys set before `<<`;
// in a list of mappings the earlier ones take precedence.
Result<void> Builder::merge(Frame &frame, const YamlValue &value)
{
    auto mergeOne = [&](const YamlValue &source) -> Result<void> {
        const YamlValue::Mapping *members = source.mapping();
        if (!members)
            return fail(tr("%1: a merge key (<<) needs a mapping or a list of mappings")
                            .arg(at(frame.keyMark)));
        for (const auto &[key, member] : *members) {
            setMember(frame, key, member);
            frame.mergedKeys.insert(key);
        }
        return {};
    };
    if (const YamlValue::Sequence *items = value.sequence()) {
        for (auto it = items->rbegin(); it != items->rend(); ++it) {
            if (auto ok = mergeOne(*it); !ok)
                return ok;
        }
        return {};
    }
    return mergeOne(value);
}

Error Builder::parserError(const yaml_parser_t &parser) const
{
    const QString problem = QString::fromUtf8(parser.problem ? parser.problem : "unknown error");
    SourceMark mark = markOf(parser.problem_mark);
    if (parser.error == YAML_READER_ERROR) {
        // The reader reports a byte offset, not a line: count the lines up to it.
        const QByteArray before = input.left(qsizetype(parser.problem_offset));
        const qsizetype lastNewline = before.lastIndexOf('\n');
        mark = {int(before.count('\n')) + 1,
                int(QString::fromUtf8(before.mid(lastNewline + 1)).size()) + 1};
    }
    QString message = tr("%1: %2").arg(at(mark), problem);
    if (parser.context) {
        message += tr(" (%1 at %2)")
                       .arg(QString::fromUtf8(parser.context), at(markOf(parser.context_mark)));
    }
    return Error{message, tr("libyaml error %1").arg(int(parser.error))};
}

} // namespace

Result<YamlDocument> readYaml(const QByteArray &bytes)
{
    Builder builder(bytes);
    return builder.run();
}

} // namespace kubestrap
