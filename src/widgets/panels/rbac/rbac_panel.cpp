#include "rbac_panel.h"

#include "api_paths.h"
#include "binding_table_model.h"
#include "cluster_session.h"
#include "heading.h"
#include "object_meta.h"
#include "object_table.h"
#include "problem_banner.h"
#include "rbac.h"
#include "rbac_details.h"
#include "rbac_editing.h"
#include "rbac_index.h"
#include "resource_proxy_model.h"
#include "resource_store.h"
#include "role_table_model.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace kubestrap {

namespace {

const QStringList kKinds{QStringLiteral("roles"), QStringLiteral("clusterroles"),
                         QStringLiteral("rolebindings"), QStringLiteral("clusterrolebindings")};
// In the order of kKinds, which is the order of the tabs.
const RbacKind kTabKinds[] = {RbacKind::Role, RbacKind::ClusterRole, RbacKind::RoleBinding,
                              RbacKind::ClusterRoleBinding};

QString subjectText(const QJsonObject &subject)
{
    const QString ns = subject.value(QStringLiteral("namespace")).toString();
    return subject.value(QStringLiteral("kind")).toString() + QLatin1Char(' ')
           + (ns.isEmpty() ? QString() : ns + QLatin1Char('/'))
           + subject.value(QStringLiteral("name")).toString();
}

QString readingText()
{
    return QCoreApplication::translate("kubestrap::RbacPanel",
                                       "Reading the cluster's roles and bindings…");
}

} // namespace

RbacPanel::RbacPanel(ClusterSession *session, QWidget *parent)
    : QWidget(parent), session(session), problem(new ProblemBanner(this)),
      search(new QLineEdit(this)), kinds(new QTabWidget(this)), details(new RbacDetails(this)),
      verb(new QComboBox(this)), resource(new QLineEdit(this)), name(new QLineEdit(this)),
      namespaceName(new QLineEdit(this)), answers(new QTreeWidget(this)), user(new QLineEdit(this)),
      groups(new QLineEdit(this)), userNamespace(new QLineEdit(this)), rules(new QTreeWidget(this))
{
    auto *title = new QLabel(tr("RBAC"), this);
    styleAsHeading(title);
    QSplitter *objects = objectTables();
    QGroupBox *whoCan = whoCanQuestion();
    QGroupBox *whatCan = whatCanQuestion();
    // Two questions, one at a time: side by side they would make the window too wide to shrink.
    auto *questions = new QTabWidget(this);
    questions->setObjectName(QStringLiteral("questions"));
    questions->addTab(whoCan, tr("Who can"));
    questions->addTab(whatCan, tr("What can"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(problem);
    layout->addLayout(objectActions);
    layout->addWidget(objects, 3);
    layout->addWidget(questions, 2);

    problem->followSession(session);
    connect(session, &ClusterSession::sessionReplaced, this, &RbacPanel::attach);
    attach();
}

// The four tables of roles and bindings, with the selected object's details beside them.
QSplitter *RbacPanel::objectTables()
{
    search->setObjectName(QStringLiteral("search"));
    search->setPlaceholderText(tr("Search roles and bindings"));
    search->setClearButtonEnabled(true);
    auto *tabs = kinds;
    tabs->setObjectName(QStringLiteral("kinds"));
    const QStringList titles{tr("Roles"), tr("ClusterRoles"), tr("RoleBindings"),
                             tr("ClusterRoleBindings")};
    for (int i = 0; i < kKinds.size(); ++i) {
        auto *view = new QTableView(tabs);
        view->setObjectName(kKinds.at(i));
        setUpObjectTable(view);
        tabs->addTab(view, titles.at(i));
        views.push_back(view);
        connect(view, &QTableView::activated, this, &RbacPanel::editObject);
        // One Delete per table: four window-wide ones would be ambiguous and none would fire.
        auto *remove = new QShortcut(QKeySequence::Delete, view);
        remove->setContext(Qt::WidgetShortcut);
        connect(remove, &QShortcut::activated, this, &RbacPanel::deleteObject);
    }
    connect(tabs, &QTabWidget::currentChanged, this, &RbacPanel::showSelected);
    auto *create = new QShortcut(QKeySequence::New, this);
    create->setContext(Qt::WidgetWithChildrenShortcut);
    connect(create, &QShortcut::activated, this, &RbacPanel::createObject);
    auto *createButton = new QPushButton(tr("&New…"), this);
    createButton->setObjectName(QStringLiteral("newObject"));
    connect(createButton, &QPushButton::clicked, this, &RbacPanel::createObject);
    auto *edit = new QPushButton(tr("&Edit…"), this);
    edit->setObjectName(QStringLiteral("editObject"));
    connect(edit, &QPushButton::clicked, this, &RbacPanel::editObject);
    auto *removeButton = new QPushButton(tr("&Delete…"), this);
    removeButton->setObjectName(QStringLiteral("deleteObject"));
    connect(removeButton, &QPushButton::clicked, this, &RbacPanel::deleteObject);
    objectActions = new QHBoxLayout;
    objectActions->addWidget(search, 1);
    objectActions->addWidget(createButton);
    objectActions->addWidget(edit);
    objectActions->addWidget(removeButton);
    auto *objects = new QSplitter(this);
    objects->addWidget(tabs);
    objects->addWidget(details);
    objects->setStretchFactor(0, 3);
    objects->setStretchFactor(1, 2);
    return objects;
}

// Who can: a verb on a resource, with a name and namespace, answered with every subject.
QGroupBox *RbacPanel::whoCanQuestion()
{
    verb->setObjectName(QStringLiteral("verb"));
    verb->setEditable(true);
    verb->addItems({QStringLiteral("get"), QStringLiteral("list"), QStringLiteral("watch"),
                    QStringLiteral("create"), QStringLiteral("update"), QStringLiteral("patch"),
                    QStringLiteral("delete"), QStringLiteral("*")});
    resource->setObjectName(QStringLiteral("resource"));
    resource->setPlaceholderText(
        tr("configmaps, certificatesigningrequests.certificates.k8s.io/nodeclient"));
    name->setObjectName(QStringLiteral("name"));
    name->setPlaceholderText(tr("any"));
    namespaceName->setObjectName(QStringLiteral("namespace"));
    namespaceName->setPlaceholderText(tr("any namespace"));
    answers->setObjectName(QStringLiteral("answers"));
    answers->setHeaderLabels({tr("Subject"), tr("Granted by"), tr("Role")});
    answers->setRootIsDecorated(false);
    answers->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *ask = new QPushButton(tr("&Who can?"), this);
    ask->setObjectName(QStringLiteral("ask"));
    connect(ask, &QPushButton::clicked, this, &RbacPanel::answer);
    connect(resource, &QLineEdit::returnPressed, this, &RbacPanel::answer);

    auto *question = new QHBoxLayout;
    question->addWidget(verb);
    question->addWidget(resource, 2);
    question->addWidget(name, 1);
    question->addWidget(namespaceName, 1);
    question->addWidget(ask);
    auto *whoCan =
        new QGroupBox(tr("Who can… (verb, resource[.group][/subresource], name, namespace)"), this);
    auto *whoCanLayout = new QVBoxLayout(whoCan);
    whoCanLayout->addLayout(question);
    whoCanLayout->addWidget(answers);
    return whoCan;
}

// What can: a user's (and groups') rules, in a namespace or cluster-wide.
QGroupBox *RbacPanel::whatCanQuestion()
{
    user->setObjectName(QStringLiteral("user"));
    user->setPlaceholderText(tr("user, or system:serviceaccount:namespace:name"));
    groups->setObjectName(QStringLiteral("groups"));
    groups->setPlaceholderText(tr("groups, comma-separated"));
    userNamespace->setObjectName(QStringLiteral("userNamespace"));
    userNamespace->setPlaceholderText(tr("cluster-wide only"));
    rules->setObjectName(QStringLiteral("rules"));
    rules->setHeaderLabels({tr("Verbs"), tr("Resources"), tr("Names")});
    rules->setRootIsDecorated(false);
    rules->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *askRules = new QPushButton(tr("W&hat can?"), this);
    askRules->setObjectName(QStringLiteral("askWhatCan"));
    connect(askRules, &QPushButton::clicked, this, &RbacPanel::answerWhatCan);
    auto *subject = new QHBoxLayout;
    subject->addWidget(user, 2);
    subject->addWidget(groups, 2);
    subject->addWidget(userNamespace, 1);
    subject->addWidget(askRules);
    auto *whatCan = new QGroupBox(tr("What can… (user, groups, namespace)"), this);
    auto *whatCanLayout = new QVBoxLayout(whatCan);
    whatCanLayout->addLayout(subject);
    whatCanLayout->addWidget(rules);
    return whatCan;
}

RbacPanel::~RbacPanel() = default;

void RbacPanel::attach()
{
    for (QTableView *view : views)
        view->setModel(nullptr);
    proxies.clear();
    tables.clear();
    problem->clear();
    for (size_t i = 0; i < views.size(); ++i) {
        ResourceStore *store = session->store(paths::rbac(kKinds.at(qsizetype(i))));
        if (!store)
            return;
        connect(store, &ResourceStore::trouble, problem, &ProblemBanner::showProblem);
        if (i < 2)
            tables.push_back(std::make_unique<RoleTableModel>(store));
        else
            tables.push_back(std::make_unique<BindingTableModel>(store));
        proxies.push_back(std::make_unique<ResourceProxyModel>(tables.back().get()));
        views[i]->setModel(proxies.back().get());
        views[i]->sortByColumn(RoleTableModel::Name, Qt::AscendingOrder);
        // Columns fit their text, judged on the first rows only: clusters hold thousands.
        QHeaderView *header = views[i]->horizontalHeader();
        header->setResizeContentsPrecision(100);
        header->setSectionResizeMode(QHeaderView::ResizeToContents);
        header->setSectionResizeMode(i < 2 ? int(RoleTableModel::Rules)
                                           : int(BindingTableModel::Subjects),
                                     QHeaderView::Stretch);
        header->setStretchLastSection(false);
        connect(search, &QLineEdit::textChanged, proxies.back().get(),
                &ResourceProxyModel::setSearchText);
        proxies.back()->setSearchText(search->text());
        connect(views[i]->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &RbacPanel::showSelected);
        connect(proxies.back().get(), &QAbstractItemModel::dataChanged, this,
                &RbacPanel::showSelected);
    }
    // A question asked before the RBAC was read is answered once it is.
    connect(session->rbac(), &RbacIndex::changed, this, &RbacPanel::answerWhenRead);
    showSelected();
}

RbacKind RbacPanel::currentKind() const
{
    return kTabKinds[kinds->currentIndex()];
}

QJsonObject RbacPanel::selectedObject() const
{
    const auto tab = size_t(kinds->currentIndex());
    if (tab >= proxies.size())
        return {};
    const QModelIndex current = views[tab]->currentIndex();
    if (!current.isValid() || !views[tab]->selectionModel()->isRowSelected(current.row()))
        return {};
    QJsonObject object = tables[tab]->objectAt(proxies[tab]->mapToSource(current));
    // Items of a list come without their type; the object is shown and sent back whole.
    object.insert(QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1"));
    object.insert(QStringLiteral("kind"), rbac::kindName(currentKind()));
    return object;
}

void RbacPanel::showSelected()
{
    details->show(selectedObject());
}

void RbacPanel::createObject()
{
    // A new Role goes next to the one selected, if any: that is usually the namespace in hand.
    rbac_editing::create(this, session, currentKind(), objectNamespace(selectedObject()));
}

void RbacPanel::editObject()
{
    if (const QJsonObject object = selectedObject(); !object.isEmpty())
        rbac_editing::edit(this, session, currentKind(), object);
}

void RbacPanel::deleteObject()
{
    if (const QJsonObject object = selectedObject(); !object.isEmpty())
        rbac_editing::remove(this, session, currentKind(), object,
                             [this](const QString &why) { problem->showProblem(why); });
}

void RbacPanel::askWhoCan(const QString &verbText, const QString &resourceText,
                          const QString &nameText, const QString &namespaceText)
{
    verb->setCurrentText(verbText);
    resource->setText(resourceText);
    name->setText(nameText);
    namespaceName->setText(namespaceText);
    answer();
}

void RbacPanel::askWhatCan(const QString &userName, const QStringList &groupNames,
                           const QString &namespaceText)
{
    user->setText(userName);
    groups->setText(groupNames.join(QStringLiteral(", ")));
    userNamespace->setText(namespaceText);
    answerWhatCan();
}

void RbacPanel::answerWhatCan()
{
    rules->clear();
    if (user->text().trimmed().isEmpty() && groups->text().trimmed().isEmpty())
        return;
    QStringList groupNames;
    for (const QString &group : groups->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        groupNames << group.trimmed();
    // With the groups the API server adds to every request, as it would answer for this user.
    const rbac::UserInfo asked = rbac::withImplicitGroups({user->text().trimmed(), groupNames});
    const auto evaluator = authorizer();
    if (!evaluator) {
        new QTreeWidgetItem(rules, {readingText()});
        return;
    }
    for (const QJsonObject &rule : evaluator->rulesFor(asked, userNamespace->text().trimmed()))
        new QTreeWidgetItem(rules, RbacDetails::ruleCells(rule));
    if (rules->topLevelItemCount() == 0)
        new QTreeWidgetItem(rules, {tr("Nothing")});
}

const rbac::Authorizer *RbacPanel::authorizer() const
{
    const RbacIndex *index = session->rbac();
    return index ? index->authorizer() : nullptr;
}

// A question asked before the stores had their first list is answered once they have.
void RbacPanel::answerWhenRead()
{
    const auto waiting = [](QTreeWidget *tree) {
        return tree->topLevelItemCount() == 1 && tree->topLevelItem(0)->text(0) == readingText();
    };
    if (waiting(answers))
        answer();
    if (waiting(rules))
        answerWhatCan();
}

void RbacPanel::answer()
{
    answers->clear();
    // kubectl's way of naming a resource: plural[.group][/subresource].
    QString what = resource->text().trimmed();
    QString subresource;
    if (const qsizetype slash = what.indexOf(QLatin1Char('/')); slash >= 0) {
        subresource = what.mid(slash + 1);
        what = what.left(slash);
    }
    QString group;
    if (const qsizetype dot = what.indexOf(QLatin1Char('.')); dot >= 0) {
        group = what.mid(dot + 1);
        what = what.left(dot);
    }
    if (what.isEmpty())
        return;
    // Without a namespace the question is "anywhere": the RoleBindings of every namespace
    // count too, each answer naming its namespace (every namespace admin may read secrets).
    const auto evaluator = authorizer();
    if (!evaluator) {
        new QTreeWidgetItem(answers, {readingText()});
        return;
    }
    const QString ns = namespaceName->text().trimmed();
    const auto grants = evaluator->whoCan(
        {verb->currentText().trimmed(), group, what, subresource, ns, name->text().trimmed(), {}},
        ns.isEmpty() ? rbac::Authorizer::Namespaces::Every
                     : rbac::Authorizer::Namespaces::OfTheRequest);
    // Added in one go: item by item, 100,000 answers (a view binding in every namespace) would
    // each tell the view of one more row.
    QList<QTreeWidgetItem *> items;
    items.reserve(qsizetype(grants.size()));
    for (const rbac::Authorizer::Grant &grant : grants) {
        const QString binding =
            grant.bindingKind + QLatin1Char(' ')
            + (grant.bindingNamespace.isEmpty() ? QString()
                                                : grant.bindingNamespace + QLatin1Char('/'))
            + grant.bindingName;
        items << new QTreeWidgetItem({subjectText(grant.subject), binding,
                                      grant.roleKind + QLatin1Char(' ') + grant.roleName});
    }
    answers->addTopLevelItems(items);
    if (grants.empty())
        new QTreeWidgetItem(answers,
                            {tr("No one (apart from system:masters, which RBAC never checks)")});
}

} // namespace kubestrap
