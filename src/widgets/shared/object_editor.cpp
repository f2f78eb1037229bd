#include "object_editor.h"

#include "cluster_session.h"
#include "line_diff.h"
#include "object_yaml.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSyntaxHighlighter>
#include <QVBoxLayout>

namespace kubestrap {

namespace {

// Removed lines red, added ones green, the "@@ line N @@" marks of a cut dimmed.
class DiffHighlighter : public QSyntaxHighlighter {
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

protected:
    void highlightBlock(const QString &line) override
    {
        if (line.startsWith(QLatin1Char('-')))
            setFormat(0, line.size(), QColor(0xc0, 0x1c, 0x28));
        else if (line.startsWith(QLatin1Char('+')))
            setFormat(0, line.size(), QColor(0x26, 0x80, 0x3a));
        else if (line.startsWith(QLatin1String("@@")))
            setFormat(0, line.size(), QColor(0x77, 0x76, 0x7b));
    }
};

} // namespace

ObjectEditor::Save ObjectEditor::throughApi(ClusterSession *session, Send send)
{
    return [session, send](const QJsonObject &object, std::function<void(const QString &)> done) {
        if (!session->client())
            return done(tr("Not connected to a cluster: reconnect, then save again."));
        send(*session->client(), object, [done](const QJsonObject &, const ApiFailure *failure) {
            if (!failure)
                return done({});
            if (failure->kind == ApiFailure::Kind::Conflict)
                return done(tr("Someone changed this object after you opened it, so it was not "
                               "saved. Copy what you wrote, cancel, and edit it again from the "
                               "current version."));
            done(failure->message);
        });
    };
}

ObjectEditor::ObjectEditor(const QString &title, const QByteArray &yaml, Check checkObject,
                           Save saveObject, QWidget *parent)
    : QDialog(parent), checker(std::move(checkObject)), saver(std::move(saveObject)),
      warning(new QLabel(this)), text(new QPlainTextEdit(this)), diff(new QPlainTextEdit(this)),
      back(new QPushButton(tr("&Back to editing"), this)), problemText(new QLabel(this)),
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
    diff->setObjectName(QStringLiteral("diff"));
    diff->setFont(text->font());
    diff->setLineWrapMode(QPlainTextEdit::NoWrap);
    diff->setReadOnly(true);
    diff->hide();
    new DiffHighlighter(diff->document());
    back->hide();
    buttons->addButton(back, QDialogButtonBox::ResetRole);
    problemText->setObjectName(QStringLiteral("editorProblem"));
    problemText->setWordWrap(true);
    problemText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(warning);
    layout->addWidget(text, 1);
    layout->addWidget(diff, 1);
    layout->addWidget(problemText);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ObjectEditor::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(back, &QPushButton::clicked, this, [this] { showReview(false); });
    connect(text, &QPlainTextEdit::textChanged, this, &ObjectEditor::check);
    resize(640, 560);
    check();
}

void ObjectEditor::setWarning(const QString &message)
{
    warning->setText(message);
    warning->setVisible(!message.isEmpty());
}

void ObjectEditor::reviewChangesAgainst(const QByteArray &originalYaml)
{
    original = originalYaml;
    showReview(false);
}

void ObjectEditor::showReview(bool reviewing)
{
    text->setVisible(!reviewing);
    diff->setVisible(reviewing);
    back->setVisible(reviewing);
    if (!original.isEmpty())
        buttons->button(QDialogButtonBox::Save)
            ->setText(reviewing ? tr("&Save") : tr("&Review changes…"));
    if (!reviewing) {
        check();
        return;
    }
    const QStringList changes =
        lineDiff(QString::fromUtf8(original), QString::fromUtf8(editableYaml(checked)));
    diff->setPlainText(changes.join(QLatin1Char('\n')));
    showProblem(changes.isEmpty() ? tr("Nothing changed: there is nothing to save.")
                                  : tr("Saving makes these changes."));
    buttons->button(QDialogButtonBox::Save)->setEnabled(!changes.isEmpty());
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
    if (!original.isEmpty() && diff->isHidden())
        return showReview(true);
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
