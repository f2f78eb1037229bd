#include "rbac_details.h"

#include "object_meta.h"
#include "object_yaml.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kubestrap {

namespace {

QString joined(const QJsonObject &object, const char *key)
{
    return stringsIn(object, key).join(QLatin1Char(','));
}

QString selectorText(const QJsonObject &selector)
{
    QStringList labels;
    const QJsonObject matched = selector.value(QStringLiteral("matchLabels")).toObject();
    for (auto it = matched.begin(); it != matched.end(); ++it)
        labels << it.key() + QLatin1Char('=') + it.value().toString();
    return labels.join(QLatin1Char(','));
}

} // namespace

RbacDetails::RbacDetails(QWidget *parent)
    : QTabWidget(parent), summary(new QLabel(this)), entries(new QTreeWidget(this)),
      yaml(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("details"));
    summary->setObjectName(QStringLiteral("detailsSummary"));
    summary->setWordWrap(true);
    summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    entries->setObjectName(QStringLiteral("detailsEntries"));
    entries->setRootIsDecorated(false);
    entries->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    yaml->setObjectName(QStringLiteral("detailsYaml"));
    yaml->setReadOnly(true);
    yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *overview = new QWidget(this);
    auto *layout = new QVBoxLayout(overview);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(summary);
    layout->addWidget(entries, 1);
    addTab(overview, tr("Details"));
    addTab(yaml, tr("YAML"));
    show({});
}

QStringList RbacDetails::ruleCells(const QJsonObject &rule)
{
    QString resources = joined(rule, "resources");
    if (rule.contains(QStringLiteral("apiGroups"))) {
        QStringList groups;
        for (const QJsonValue &group : rule.value(QStringLiteral("apiGroups")).toArray())
            groups << (group.toString().isEmpty() ? tr("core") : group.toString());
        resources += QStringLiteral(" (%1)").arg(groups.join(QLatin1Char(',')));
    } else {
        resources = joined(rule, "nonResourceURLs");
    }
    return {joined(rule, "verbs"), resources, joined(rule, "resourceNames")};
}

void RbacDetails::show(const QJsonObject &object)
{
    entries->clear();
    entries->setVisible(!object.isEmpty());
    yaml->setPlainText(object.isEmpty() ? QString() : QString::fromUtf8(editableYaml(object)));
    if (object.isEmpty()) {
        summary->setText(tr("Select a role or binding to see it in full."));
        return;
    }
    const QString ns = objectNamespace(object);
    QString heading = QStringLiteral("<b>%1 %2</b>")
                          .arg(object.value(QStringLiteral("kind")).toString(),
                               ((ns.isEmpty() ? QString() : ns + QLatin1Char('/'))
                                + kubestrap::objectName(object))
                                   .toHtmlEscaped());
    if (object.contains(QStringLiteral("roleRef"))) {
        const QJsonObject role = object.value(QStringLiteral("roleRef")).toObject();
        heading += QLatin1String("<br>")
                   + tr("grants %1 %2 to:")
                         .arg(role.value(QStringLiteral("kind")).toString(),
                              role.value(QStringLiteral("name")).toString().toHtmlEscaped());
        entries->setHeaderLabels({tr("Kind"), tr("Name"), tr("Namespace")});
        for (const QJsonValue &value : object.value(QStringLiteral("subjects")).toArray()) {
            const QJsonObject subject = value.toObject();
            new QTreeWidgetItem(entries, {subject.value(QStringLiteral("kind")).toString(),
                                          subject.value(QStringLiteral("name")).toString(),
                                          subject.value(QStringLiteral("namespace")).toString()});
        }
    } else {
        entries->setHeaderLabels({tr("Verbs"), tr("Resources"), tr("Names")});
        const QJsonObject aggregation = object.value(QStringLiteral("aggregationRule")).toObject();
        QStringList selectors;
        for (const QJsonValue &selector :
             aggregation.value(QStringLiteral("clusterRoleSelectors")).toArray())
            selectors << selectorText(selector.toObject());
        if (!selectors.isEmpty())
            heading += QLatin1String("<br>")
                       + tr("aggregates the rules of every ClusterRole labelled %1")
                             .arg(selectors.join(tr(" or ")).toHtmlEscaped());
        for (const QJsonValue &rule : object.value(QStringLiteral("rules")).toArray())
            new QTreeWidgetItem(entries, ruleCells(rule.toObject()));
    }
    summary->setText(heading);
}

} // namespace kubestrap
