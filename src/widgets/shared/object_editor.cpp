#include "object_editor.h"

#include "object_yaml.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace kubestrap {

ObjectEditor::ObjectEditor(const QString &title, const QByteArray &yaml, Check checkObject,
                           Save saveObject, QWidget *parent)
    : QDialog(parent), checker(std::move(checkObject)), saver(std::move(saveObject)),
      warning(new QLabel(this)), text(new QPlainTextEdit(this)), problemText(new QLabel(this)),
      buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(title);
    warning->setObjectName(QStringLiteral("editorWarning"));
    warning->setWordWrap(true);
    warning->hide();
    text->setObjectName(QStringLiteral("yaml"));
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setTabChangesFocus(true); // YAML is indented with spaces; Tab moves on to the buttons
    text->setPlainText(QString::fromUtf8(yaml));
    problemText->setObjectName(QStringLiteral("editorProblem"));
    problemText->setWordWrap(true);
    problemText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(warning);
    layout->addWidget(text, 1);
    layout->addWidget(problemText);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ObjectEditor::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(text, &QPlainTextEdit::textChanged, this, &ObjectEditor::check);
    resize(640, 560);
    check();
}

void ObjectEditor::setWarning(const QString &message)
{
    warning->setText(message);
    warning->setVisible(!message.isEmpty());
}

QString ObjectEditor::problem() const
{
    return problemText->text();
}

void ObjectEditor::check()
{
    auto object = objectFromYaml(text->toPlainText().toUtf8());
    QString problem = object ? checker(*object) : object.error().message;
    checked = object && problem.isEmpty() ? *object : QJsonObject();
    showProblem(problem);
}

void ObjectEditor::showProblem(const QString &problem)
{
    problemText->setText(problem);
    buttons->button(QDialogButtonBox::Save)->setEnabled(!checked.isEmpty() && !saving);
}

void ObjectEditor::save()
{
    if (checked.isEmpty() || saving)
        return;
    saving = true;
    text->setReadOnly(true);
    showProblem(tr("Saving…"));
    // The answer may come after the dialog was closed.
    QPointer<ObjectEditor> self(this);
    saver(checked, [self](const QString &problem) {
        if (!self)
            return;
        self->saving = false;
        self->text->setReadOnly(false);
        if (problem.isEmpty())
            return self->accept();
        self->showProblem(problem);
    });
}

} // namespace kubestrap
