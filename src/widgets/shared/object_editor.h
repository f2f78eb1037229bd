#pragma once

#include "api_client.h"

#include <QDialog>
#include <QJsonObject>

#include <functional>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace kubestrap {

class ClusterSession;

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

    // A Save that writes through the session's client: `send` answers as ApiClient does, and a
    // failure becomes the sentence the editor shows (a Conflict says the object changed
    // meanwhile; no client, that the user must reconnect).
    using Send =
        std::function<void(ApiClient &client, const QJsonObject &object, ApiClient::Callback done)>;
    static Save throughApi(ClusterSession *session, Send send);

    ObjectEditor(const QString &title, const QByteArray &yaml, Check checkObject, Save saveObject,
                 QWidget *parent = nullptr);

    // A standing caution shown above the text (an object the server restores, say).
    void setWarning(const QString &warning);
    // Save first shows what would change from `originalYaml` (as the server would store both),
    // and sends only when pressed again; Back returns to the text as it was typed.
    void reviewChangesAgainst(const QByteArray &originalYaml);
    QString problem() const;

public Q_SLOTS:
    void save();

private:
    void check();
    void showProblem(const QString &problem);
    // Shows the diff (true) or the text (false).
    void showReview(bool reviewing);

    Check checker;
    Save saver;
    QLabel *warning;
    QPlainTextEdit *text;
    QPlainTextEdit *diff;
    QPushButton *back;
    QByteArray original; // empty unless changes are reviewed before saving
    QLabel *problemText;
    QDialogButtonBox *buttons;
    QJsonObject checked; // the object as last checked, valid when there is no problem
    bool saving = false;
};

} // namespace kubestrap
