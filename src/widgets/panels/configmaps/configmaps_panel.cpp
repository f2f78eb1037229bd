#include "configmaps_panel.h"

#include "api_paths.h"
#include "cluster_session.h"
#include "configmap_creator.h"
#include "configmap_editing.h"
#include "configmap_explained.h"
#include "configmap_summary.h"
#include "configmap_table_model.h"
#include "configmap_value_view.h"
#include "heading.h"
#include "object_meta.h"
#include "object_table.h"
#include "problem_banner.h"
#include "resource_proxy_model.h"
#include "resource_store.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <set>

namespace kubestrap {

namespace {

// The explained view of the ConfigMaps a bootstrap admin reads, as rows of a table; a concern in
// the palette's link colour would read as a link, so it is set apart in italics with a sign.
QString explanation(const QJsonObject &configMap, const QString &serverVersion)
{
    if (objectNamespace(configMap) == QLatin1String("kube-public")
        && kubestrap::objectName(configMap) == QLatin1String("cluster-info"))
        return ConfigMapsPanel::tr("Its kubeconfig and the bootstrap tokens' signatures are "
                                   "checked in <a href=\"clusterInfo\">Cluster info</a>.");
    QString rows;
    for (const configmaps::Fact &fact :
         configmaps::explain(configMap, serverVersion, QDateTime::currentDateTimeUtc())) {
        rows += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>")
                    .arg(fact.name.toHtmlEscaped(), fact.value.toHtmlEscaped());
        if (!fact.concern.isEmpty())
            rows += QStringLiteral("<tr><td></td><td><i>⚠ %1</i></td></tr>")
                        .arg(fact.concern.toHtmlEscaped());
    }
    return rows.isEmpty() ? QString()
                          : QStringLiteral("<table cellspacing=\"2\">%1</table>").arg(rows);
}

} // namespace

ConfigMapsPanel::ConfigMapsPanel(ClusterSession *session, QWidget *parent)
    : QWidget(parent), session(session), problem(new ProblemBanner(this)),
      namespaces(new QComboBox(this)), search(new QLineEdit(this)),
      createButton(new QPushButton(tr("&New…"), this)),
      editButton(new QPushButton(tr("&Edit…"), this)),
      remove(new QPushButton(tr("&Delete…"), this)), view(new QTableView(this)),
      summary(new QLabel(this)), keys(new QListWidget(this)), explained(new QLabel(this)),
      value(new ConfigMapValueView(this))
{
    auto *title = new QLabel(tr("ConfigMaps"), this);
    styleAsHeading(title);
    namespaces->setObjectName(QStringLiteral("namespaceFilter"));
    namespaces->addItem(tr("All namespaces"), QString());
    namespaces->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    search->setObjectName(QStringLiteral("search"));
    search->setPlaceholderText(tr("Search ConfigMaps"));
    search->setClearButtonEnabled(true);
    createButton->setObjectName(QStringLiteral("new"));
    editButton->setObjectName(QStringLiteral("edit"));
    remove->setObjectName(QStringLiteral("delete"));
    view->setObjectName(QStringLiteral("configMapTable"));
    setUpObjectTable(view);
    summary->setObjectName(QStringLiteral("configMapDetails"));
    summary->setWordWrap(true);
    summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    keys->setObjectName(QStringLiteral("keys"));
    explained->setObjectName(QStringLiteral("explained"));
    explained->setWordWrap(true);
    explained->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse
                                       | Qt::LinksAccessibleByKeyboard);
    connect(explained, &QLabel::linkActivated, this, &ConfigMapsPanel::openPanel);

    auto *filters = new QHBoxLayout;
    filters->addWidget(namespaces);
    filters->addWidget(search, 1);
    filters->addWidget(createButton);
    filters->addWidget(editButton);
    filters->addWidget(remove);
    auto *values = new QSplitter(Qt::Horizontal, this);
    values->addWidget(keys);
    values->addWidget(value);
    values->setStretchFactor(1, 3);
    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(summary);
    detailsLayout->addWidget(explained);
    detailsLayout->addWidget(values, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(view);
    split->addWidget(details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(problem);
    layout->addLayout(filters);
    layout->addWidget(split, 1);

    connect(createButton, &QPushButton::clicked, this, &ConfigMapsPanel::createNew);
    connect(editButton, &QPushButton::clicked, this, &ConfigMapsPanel::editSelected);
    connect(view, &QTableView::doubleClicked, this, &ConfigMapsPanel::editSelected);
    connect(remove, &QPushButton::clicked, this, &ConfigMapsPanel::deleteSelected);
    connect(new QShortcut(QKeySequence::Delete, view), &QShortcut::activated, this,
            &ConfigMapsPanel::deleteSelected);
    connect(keys, &QListWidget::currentRowChanged, this, &ConfigMapsPanel::showKey);
    connect(namespaces, &QComboBox::currentIndexChanged, this, [this] {
        if (proxy)
            proxy->setNamespace(namespaces->currentData().toString());
    });
    problem->followSession(session);
    connect(session, &ClusterSession::sessionReplaced, this, &ConfigMapsPanel::attach);
    attach();
}

ConfigMapsPanel::~ConfigMapsPanel() = default;

void ConfigMapsPanel::attach()
{
    view->setModel(nullptr);
    proxy.reset();
    table.reset();
    problem->clear();
    ++reads;
    readFor.clear();
    ResourceStore *store = session->store(paths::configMaps(), &configmaps::digest);
    if (!store) {
        showSelection();
        return;
    }
    table = std::make_unique<ConfigMapTableModel>(store);
    proxy = std::make_unique<ResourceProxyModel>(table.get());
    proxy->setNamespace(namespaces->currentData().toString());
    proxy->setSearchText(search->text());
    view->setModel(proxy.get());
    view->sortByColumn(ConfigMapTableModel::Namespace, Qt::AscendingOrder);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->horizontalHeader()->setSectionResizeMode(ConfigMapTableModel::Keys, QHeaderView::Stretch);
    connect(search, &QLineEdit::textChanged, proxy.get(), &ResourceProxyModel::setSearchText);
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConfigMapsPanel::showSelection);
    // A change on the server to the selected ConfigMap shows at once.
    connect(table.get(), &QAbstractItemModel::dataChanged, this, &ConfigMapsPanel::showSelection);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(table.get(), signal, this,
                [this] { QTimer::singleShot(0, this, &ConfigMapsPanel::offerNamespaces); });
    connect(store, &ResourceStore::trouble, problem, &ProblemBanner::showProblem);
    connect(store, &ResourceStore::syncedChanged, this, [this] {
        view->resizeColumnsToContents();
        offerNamespaces();
    });
    offerNamespaces();
    showSelection();
}

void ConfigMapsPanel::offerNamespaces()
{
    if (!table)
        return;
    // From each row's key ("namespace/name"): no object is decoded for it.
    std::set<QString> seen;
    for (int row = 0; row < table->rowCount(); ++row)
        seen.insert(table->index(row, 0)
                        .data(ResourceTableModel::KeyRole)
                        .toString()
                        .section(QLatin1Char('/'), 0, 0));
    const QString chosen = namespaces->currentData().toString();
    if (!chosen.isEmpty())
        seen.insert(chosen); // the one chosen stays until another is
    QStringList offered;
    for (int i = 1; i < namespaces->count(); ++i)
        offered << namespaces->itemData(i).toString();
    if (QStringList(seen.begin(), seen.end()) == offered)
        return;
    const QSignalBlocker quiet(namespaces);
    while (namespaces->count() > 1)
        namespaces->removeItem(1);
    for (const QString &ns : seen)
        namespaces->addItem(ns, ns);
    namespaces->setCurrentIndex(std::max(0, namespaces->findData(chosen)));
}

QJsonObject ConfigMapsPanel::selected() const
{
    const QModelIndexList rows =
        view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty() || !table)
        return {};
    return table->objectAt(proxy->mapToSource(rows.first()));
}

namespace {

// Which version of which ConfigMap: a new one is read, the same one not again.
QString versionOf(const QJsonObject &configMap)
{
    const QJsonObject metadata = configMap.value(QStringLiteral("metadata")).toObject();
    return metadata.value(QStringLiteral("uid")).toString() + QLatin1Char('/')
           + metadata.value(QStringLiteral("resourceVersion")).toString();
}

} // namespace

bool ConfigMapsPanel::select(const QString &namespaceName, const QString &name)
{
    if (!proxy)
        return false;
    const QString key = namespaceName + QLatin1Char('/') + name;
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const QModelIndex index = proxy->index(row, 0);
        if (index.data(ResourceTableModel::KeyRole).toString() == key) {
            view->selectRow(row);
            view->scrollTo(index);
            return true;
        }
    }
    return false;
}

QJsonObject ConfigMapsPanel::opened() const
{
    return configmaps::isDigest(onShow) ? QJsonObject() : onShow;
}

void ConfigMapsPanel::showSelection()
{
    const QJsonObject row = selected();
    remove->setEnabled(!row.isEmpty());
    createButton->setEnabled(session->client() != nullptr);
    const QString version = versionOf(row);
    if (row.isEmpty() || !configmaps::isDigest(row)) { // nothing more to read
        readFor = version;
        ++reads;
        return display(row);
    }
    if (version == readFor)
        return; // another row changed, or this one is being read
    readFor = version;
    if (version == versionOf(opened()))
        return; // read already: the list has caught up with what was read
    display(row);
    read(row);
}

void ConfigMapsPanel::read(const QJsonObject &row)
{
    if (!session->client())
        return;
    const quint64 mine = ++reads;
    const QString name = kubestrap::objectName(row);
    session->client()->get(
        paths::configMaps(objectNamespace(row)) + QLatin1Char('/') + name,
        [this, mine, name, alive = QPointer<ConfigMapsPanel>(this)](const QJsonObject &configMap,
                                                                    const ApiFailure *failure) {
            if (!alive || mine != reads)
                return;
            if (failure) {
                value->showMessage(
                    tr("ConfigMap %1 could not be read: %2").arg(name, failure->message));
                readFor.clear(); // selecting it again tries again
                return;
            }
            display(configMap);
        });
}

void ConfigMapsPanel::display(const QJsonObject &configMap)
{
    const bool digest = configmaps::isDigest(configMap);
    editButton->setEnabled(!configMap.isEmpty() && !digest);
    if (!configMap.isEmpty() && versionOf(configMap) == versionOf(onShow)
        && digest == configmaps::isDigest(onShow))
        return; // drawn already
    const QString current = keys->currentItem() ? keys->currentItem()->text() : QString();
    onShow = configMap;
    const QSignalBlocker quiet(keys);
    keys->clear();
    explained->setText(digest ? QString() : explanation(configMap, session->serverVersion()));
    explained->setVisible(!explained->text().isEmpty());
    if (configMap.isEmpty()) {
        summary->setText(tr("Select a ConfigMap to see its keys and values."));
        value->showMessage({});
        return;
    }
    const QString ns = objectNamespace(configMap);
    const QString name = kubestrap::objectName(configMap);
    QStringList lines{QStringLiteral("<b>%1/%2</b>").arg(ns.toHtmlEscaped(), name.toHtmlEscaped())};
    if (const QString manager = configmaps::managedBy(configMap); !manager.isEmpty())
        lines << tr("Managed by %1").arg(manager.toHtmlEscaped());
    if (configMap.value(QStringLiteral("immutable")).toBool())
        lines << tr("Immutable: its data cannot be changed, only the ConfigMap replaced.");
    if (const QString warning = configmaps::systemWarning(ns, name); !warning.isEmpty())
        lines << QStringLiteral("<i>%1</i>").arg(warning.toHtmlEscaped());
    summary->setText(lines.join(QStringLiteral("<br>")));

    QStringList names = configMap.value(QStringLiteral("data")).toObject().keys()
                        + configMap.value(QStringLiteral("binaryData")).toObject().keys();
    names.sort();
    keys->addItems(names);
    const auto again = keys->findItems(current, Qt::MatchExactly);
    keys->setCurrentRow(again.isEmpty() ? 0 : keys->row(again.first()));
    showKey();
}

void ConfigMapsPanel::showKey()
{
    const QString key = keys->currentItem() ? keys->currentItem()->text() : QString();
    const QJsonObject data = onShow.value(QStringLiteral("data")).toObject();
    const QJsonObject binary = onShow.value(QStringLiteral("binaryData")).toObject();
    if (key.isEmpty())
        value->showMessage(onShow.isEmpty() ? QString() : tr("This ConfigMap holds no keys."));
    else if (configmaps::isDigest(onShow))
        value->showMessage(tr("Reading its values…"));
    else if (data.contains(key))
        value->showValue(key, data.value(key).toString().toUtf8(), false);
    else
        value->showValue(key, QByteArray::fromBase64(binary.value(key).toString().toLatin1()),
                         true);
}

void ConfigMapsPanel::createNew()
{
    if (!session->client())
        return;
    QStringList offered;
    for (int i = 1; i < namespaces->count(); ++i)
        offered << namespaces->itemData(i).toString();
    ConfigMapCreator creator(session, namespaces->currentData().toString(), offered, this);
    creator.exec();
}

void ConfigMapsPanel::editSelected()
{
    const QJsonObject configMap = opened();
    if (!configMap.isEmpty())
        configmap_editing::edit(this, session, configMap);
}

void ConfigMapsPanel::deleteSelected()
{
    const QJsonObject configMap = selected();
    if (!configMap.isEmpty())
        configmap_editing::remove(this, session, configMap,
                                  [this](const QString &why) { problem->showProblem(why); });
}

} // namespace kubestrap
