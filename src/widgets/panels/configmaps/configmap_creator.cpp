#include "configmap_creator.h"

#include "api_paths.h"
#include "cluster_session.h"
#include "kubectl_command.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace kubestrap {

using configmaps::Source;

namespace {

// The kinds of source offered, in the order the chooser lists them; a folder is a --from-file.
enum Offered { Literal, File, Folder, EnvFile };

constexpr int kKindRole = Qt::UserRole;
constexpr int kArgumentRole = Qt::UserRole + 1;

Source::Kind kindOf(int offered)
{
    switch (offered) {
    case Literal:
        return Source::Kind::Literal;
    case EnvFile:
        return Source::Kind::EnvFile;
    default:
        return Source::Kind::File;
    }
}

} // namespace

ConfigMapCreator::ConfigMapCreator(ClusterSession *session, const QString &namespaceName,
                                   const QStringList &namespaces, QWidget *parent)
    : QDialog(parent), session(session), name(new QLineEdit(this)),
      namespaceBox(new QComboBox(this)), kind(new QComboBox(this)), argument(new QLineEdit(this)),
      browseButton(new QPushButton(tr("&Browse…"), this)), list(new QListWidget(this)),
      outcome(new QLabel(this)), command(new QLabel(this)),
      buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New ConfigMap"));
    name->setObjectName(QStringLiteral("name"));
    namespaceBox->setObjectName(QStringLiteral("namespace"));
    namespaceBox->setEditable(true);
    namespaceBox->addItems(namespaces);
    namespaceBox->setCurrentText(namespaceName.isEmpty() ? QStringLiteral("default")
                                                         : namespaceName);
    kind->setObjectName(QStringLiteral("sourceKind"));
    kind->addItem(tr("Literal"));
    kind->addItem(tr("File"));
    kind->addItem(tr("Folder"));
    kind->addItem(tr("Env file"));
    argument->setObjectName(QStringLiteral("sourceArgument"));
    auto *add = new QPushButton(tr("&Add"), this);
    add->setObjectName(QStringLiteral("addSource"));
    auto *removeButton = new QPushButton(tr("Re&move"), this);
    removeButton->setObjectName(QStringLiteral("removeSource"));
    list->setObjectName(QStringLiteral("sources"));
    outcome->setObjectName(QStringLiteral("outcome"));
    outcome->setWordWrap(true);
    outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    command->setObjectName(QStringLiteral("kubectlCommand"));
    command->setWordWrap(true);
    command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    buttons->addButton(tr("&Create"), QDialogButtonBox::AcceptRole)
        ->setObjectName(QStringLiteral("create"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), name);
    form->addRow(tr("Names&pace:"), namespaceBox);
    auto *adder = new QHBoxLayout;
    adder->addWidget(kind);
    adder->addWidget(argument, 1);
    adder->addWidget(browseButton);
    adder->addWidget(add);
    auto *listRow = new QHBoxLayout;
    listRow->addWidget(list, 1);
    listRow->addWidget(removeButton, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Keys from literals, files, folders or an env file, as "
                                    "kubectl create configmap takes them:"),
                                 this));
    layout->addLayout(adder);
    layout->addLayout(listRow, 1);
    layout->addWidget(outcome);
    layout->addWidget(command);
    layout->addWidget(buttons);

    const auto describeKind = [this] {
        const int offered = kind->currentIndex();
        argument->setPlaceholderText(offered == Literal  ? tr("key=value")
                                     : offered == File   ? tr("[key=]path to a file")
                                     : offered == Folder ? tr("path to a folder: one key per file")
                                                         : tr("path to a KEY=VALUE file"));
        browseButton->setEnabled(offered != Literal);
    };
    connect(kind, &QComboBox::currentIndexChanged, this, describeKind);
    describeKind();
    connect(add, &QPushButton::clicked, this, &ConfigMapCreator::addTyped);
    connect(argument, &QLineEdit::returnPressed, this, &ConfigMapCreator::addTyped);
    connect(browseButton, &QPushButton::clicked, this, &ConfigMapCreator::browse);
    connect(removeButton, &QPushButton::clicked, this, [this] {
        delete list->currentItem();
        preview();
    });
    connect(name, &QLineEdit::textChanged, this, &ConfigMapCreator::preview);
    connect(namespaceBox, &QComboBox::currentTextChanged, this, &ConfigMapCreator::preview);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConfigMapCreator::create);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(640, 480);
    preview();
}

void ConfigMapCreator::addSource(const Source &source)
{
    auto *item = new QListWidgetItem(configmaps::flag(source), list);
    item->setData(kKindRole, static_cast<int>(source.kind));
    item->setData(kArgumentRole, source.argument);
    list->setCurrentItem(item); // so that Remove takes back what was just added
    preview();
}

QString ConfigMapCreator::problem() const
{
    return built.isEmpty() ? outcome->text() : QString();
}

QList<Source> ConfigMapCreator::sources() const
{
    QList<Source> all;
    for (int row = 0; row < list->count(); ++row)
        all << Source{static_cast<Source::Kind>(list->item(row)->data(kKindRole).toInt()),
                      list->item(row)->data(kArgumentRole).toString()};
    return all;
}

void ConfigMapCreator::addTyped()
{
    if (argument->text().isEmpty())
        return;
    addSource({kindOf(kind->currentIndex()), argument->text()});
    argument->clear();
}

void ConfigMapCreator::browse()
{
    const QString path = kind->currentIndex() == Folder
                             ? QFileDialog::getExistingDirectory(this, tr("Keys from a folder"))
                             : QFileDialog::getOpenFileName(this, tr("Keys from a file"));
    if (!path.isEmpty())
        addSource({kindOf(kind->currentIndex()), path});
}

void ConfigMapCreator::preview()
{
    built = {};
    QStringList flags;
    for (const Source &source : sources())
        flags << configmaps::flag(source);
    command->setText(kubectl::createConfigMap(name->text(), namespaceBox->currentText(), flags));
    QString problem;
    if (name->text().isEmpty())
        problem = tr("Name the ConfigMap.");
    else if (namespaceBox->currentText().isEmpty())
        problem = tr("Choose the namespace it goes in.");
    if (problem.isEmpty()) {
        const auto made =
            configmaps::fromSources(name->text(), namespaceBox->currentText(), sources());
        if (made)
            built = *made;
        else
            problem = made.error().message;
    }
    if (built.isEmpty()) {
        outcome->setText(problem);
    } else {
        QStringList keys = built.value(QStringLiteral("data")).toObject().keys()
                           + built.value(QStringLiteral("binaryData")).toObject().keys();
        keys.sort();
        outcome->setText(keys.isEmpty() ? tr("An empty ConfigMap, with no keys.")
                                        : tr("%n key(s): %1", nullptr, int(keys.size()))
                                              .arg(keys.join(QStringLiteral(", "))));
    }
    buttons->findChild<QPushButton *>(QStringLiteral("create"))
        ->setEnabled(!built.isEmpty() && !creating);
}

void ConfigMapCreator::create()
{
    preview(); // the files as they are now
    if (built.isEmpty() || creating)
        return;
    if (!session->client()) {
        outcome->setText(tr("Not connected to a cluster: reconnect, then create it again."));
        return;
    }
    creating = true;
    preview();
    const QString ns = namespaceBox->currentText();
    const QString shown = ns + QLatin1Char('/') + name->text();
    QPointer<ConfigMapCreator> self(this);
    session->client()->create(
        paths::configMaps(ns), built,
        session->logged(tr("create configmap %1").arg(shown), command->text(),
                        [self](const QJsonObject &, const ApiFailure *failure) {
                            if (!self)
                                return;
                            self->creating = false;
                            if (!failure)
                                return self->accept();
                            self->preview();
                            self->outcome->setText(
                                tr("The ConfigMap was not created: %1").arg(failure->message));
                            self->built = {};
                        }));
}

} // namespace kubestrap
