#include "kubeconfig_edit.h"

#include "kubeconfig_decoder.h"
#include "yaml_reader.h"
#include "yaml_writer.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace kubestrap {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kubestrap::kubeconfig_edit", text);
}

struct EntryNames {
    QString list;  // "clusters"
    QString inner; // "cluster"
    QString noun;  // "cluster", for messages
};

EntryNames namesOf(KubeconfigEntryKind kind)
{
    switch (kind) {
    case KubeconfigEntryKind::Cluster:
        return {QStringLiteral("clusters"), QStringLiteral("cluster"), tr("cluster")};
    case KubeconfigEntryKind::User:
        return {QStringLiteral("users"), QStringLiteral("user"), tr("user")};
    case KubeconfigEntryKind::Context:
        break;
    }
    return {QStringLiteral("contexts"), QStringLiteral("context"), tr("context")};
}

QString nameOf(const YamlValue &entry)
{
    const YamlValue *name = entry.member(u"name");
    return name && name->string() ? *name->string() : QString();
}

YamlValue *findEntry(YamlValue &document, const EntryNames &names, const QString &name)
{
    YamlValue *list = document.member(names.list);
    if (!list || !list->sequence())
        return nullptr;
    for (YamlValue &entry : *list->sequence()) {
        if (nameOf(entry) == name)
            return &entry;
    }
    return nullptr;
}

Result<YamlValue *> requireEntry(YamlValue &document, KubeconfigEntryKind kind, const QString &name)
{
    const EntryNames names = namesOf(kind);
    YamlValue *entry = findEntry(document, names, name);
    if (!entry)
        return fail(tr("this file has no %1 named '%2'").arg(names.noun, name));
    return entry;
}

// The mapping inside an entry ("cluster: {…}"), created when the entry has none.
YamlValue &body(YamlValue &entry, const EntryNames &names)
{
    YamlValue *inner = entry.member(names.inner);
    if (!inner || !inner->mapping())
        return entry.set(names.inner, YamlValue(YamlValue::Mapping{}));
    return *inner;
}

// Points every context of this file that names `from` as its cluster or user at `to`.
void renameReferences(YamlValue &document, const QString &field, const QString &from,
                      const QString &to)
{
    YamlValue *contexts = document.member(u"contexts");
    if (!contexts || !contexts->sequence())
        return;
    for (YamlValue &entry : *contexts->sequence()) {
        YamlValue *context = entry.member(u"context");
        YamlValue *reference = context ? context->member(field) : nullptr;
        if (reference && reference->string() && *reference->string() == from)
            *reference = YamlValue(to);
    }
}

QString currentContextOf(const YamlValue &document)
{
    const YamlValue *current = document.member(u"current-context");
    return current && current->string() ? *current->string() : QString();
}

} // namespace

namespace kubeconfig_edit {

Result<void> rename(YamlValue &document, KubeconfigEntryKind kind, const QString &from,
                    const QString &to)
{
    const EntryNames names = namesOf(kind);
    if (to.isEmpty())
        return fail(tr("a %1 needs a name").arg(names.noun));
    if (from != to && findEntry(document, names, to))
        return fail(tr("this file already has a %1 named '%2'").arg(names.noun, to));
    auto entry = requireEntry(document, kind, from);
    if (!entry)
        return unexpected(entry.error());
    (*entry)->set(QStringLiteral("name"), YamlValue(to));
    if (kind == KubeconfigEntryKind::Context) {
        if (currentContextOf(document) == from)
            setCurrentContext(document, to);
    } else {
        renameReferences(document, names.inner, from, to);
    }
    return {};
}

Result<void> remove(YamlValue &document, KubeconfigEntryKind kind, const QString &name)
{
    const EntryNames names = namesOf(kind);
    if (!findEntry(document, names, name))
        return fail(tr("this file has no %1 named '%2'").arg(names.noun, name));
    auto &items = *document.member(names.list)->sequence();
    std::erase_if(items, [&](const YamlValue &entry) { return nameOf(entry) == name; });
    return {};
}

Result<void> setContextNamespace(YamlValue &document, const QString &context,
                                 const QString &namespaceName)
{
    auto entry = requireEntry(document, KubeconfigEntryKind::Context, context);
    if (!entry)
        return unexpected(entry.error());
    YamlValue &inner = body(**entry, namesOf(KubeconfigEntryKind::Context));
    if (namespaceName.isEmpty())
        inner.remove(u"namespace");
    else
        inner.set(QStringLiteral("namespace"), YamlValue(namespaceName));
    return {};
}

Result<void> setClusterServer(YamlValue &document, const QString &cluster, const QString &server)
{
    auto entry = requireEntry(document, KubeconfigEntryKind::Cluster, cluster);
    if (!entry)
        return unexpected(entry.error());
    body(**entry, namesOf(KubeconfigEntryKind::Cluster))
        .set(QStringLiteral("server"), YamlValue(server));
    return {};
}

void setCurrentContext(YamlValue &document, const QString &context)
{
    document.set(QStringLiteral("current-context"), YamlValue(context));
}

QStringList mergeFrom(YamlValue &document, const YamlValue &other)
{
    QStringList skipped;
    for (const auto kind :
         {KubeconfigEntryKind::Cluster, KubeconfigEntryKind::User, KubeconfigEntryKind::Context}) {
        const EntryNames names = namesOf(kind);
        const YamlValue *incoming = other.member(names.list);
        if (!incoming || !incoming->sequence())
            continue;
        for (const YamlValue &entry : *incoming->sequence()) {
            if (findEntry(document, names, nameOf(entry))) {
                skipped << tr("%1 '%2'").arg(names.noun, nameOf(entry));
                continue;
            }
            YamlValue *list = document.member(names.list);
            if (!list || !list->sequence())
                list = &document.set(names.list, YamlValue(YamlValue::Sequence{}));
            list->sequence()->push_back(entry);
        }
    }
    if (currentContextOf(document).isEmpty() && !currentContextOf(other).isEmpty())
        setCurrentContext(document, currentContextOf(other));
    return skipped;
}

} // namespace kubeconfig_edit

Result<FileWriteReport> editKubeconfigFile(const QString &path,
                                           const std::function<Result<void>(YamlValue &)> &edit,
                                           const FileWriteOptions &options)
{
    auto lock = KubeconfigLock::acquire(path);
    if (!lock)
        return unexpected(lock.error());

    YamlValue document;
    if (QFileInfo::exists(path)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(tr("cannot read %1: %2").arg(path, file.errorString()));
        auto read = readYaml(file.readAll());
        if (!read)
            return fail(tr("%1: %2").arg(path, read.error().message));
        if (auto decoded = decodeKubeconfig(read->root, path); !decoded)
            return fail(tr("%1: %2").arg(path, decoded.error().message));
        document = std::move(read->root);
    }
    if (document.isNull()) {
        document.set(QStringLiteral("apiVersion"), YamlValue(QStringLiteral("v1")));
        document.set(QStringLiteral("kind"), YamlValue(QStringLiteral("Config")));
    }
    if (auto ok = edit(document); !ok)
        return fail(tr("%1: %2").arg(path, ok.error().message));
    // Never write what kubectl could not read back.
    if (auto decoded = decodeKubeconfig(document, path); !decoded)
        return fail(
            tr("the change would make %1 unreadable: %2").arg(path, decoded.error().message));
    auto bytes = writeYaml(document);
    if (!bytes)
        return unexpected(bytes.error());
    return writeFileAtomically(path, *bytes, options);
}

} // namespace kubestrap
