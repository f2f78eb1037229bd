#pragma once

#include <QDialog>
#include <QJsonObject>

#include <functional>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace kubestrap {

// One API object as YAML to write or change, checked as it is typed. Save hands the object over
// and the dialog waits for the answer: a problem keeps it open with the text as it was typed
// (nothing is lost), none closes it.
class ObjectEditor : public QDialog {
    Q_OBJECT

public:
    // What is wrong with the object before it is sent; empty when nothing.
    using Check = std::function<QString(const QJsonObject &object)>;
    // Sends the object; `done` says what went wrong, or nothing.
    using Save = std::function<void(const QJsonObject &object,
                                    std::function<void(const QString &problem)> done)>;

    ObjectEditor(const QString &title, const QByteArray &yaml, Check checkObject, Save saveObject,
                 QWidget *parent = nullptr);

    // A standing caution shown above the text (an object the server restores, say).
    void setWarning(const QString &warning);
    QString problem() const;

public Q_SLOTS:
    void save();

private:
    void check();
    void showProblem(const QString &problem);

    Check checker;
    Save saver;
    QLabel *warning;
    QPlainTextEdit *text;
    QLabel *problemText;
    QDialogButtonBox *buttons;
    QJsonObject checked; // the object as last checked, valid when there is no problem
    bool saving = false;
};

} // namespace kubestrap
