#pragma once

#include <QFrame>

class QLabel;

namespace kubestrap {

class ClusterSession;

// A panel's inline problem: what is wrong and what to do, with a Retry button. Hidden when there
// is nothing to say.
class ProblemBanner : public QFrame {
    Q_OBJECT

public:
    explicit ProblemBanner(QWidget *parent = nullptr);

    // Says why `session` could not connect (unreachable, TLS, credentials) whenever it fails,
    // and makes Retry connect it again.
    void followSession(ClusterSession *session);

    void showProblem(const QString &message);
    void clear();
    QString message() const;

Q_SIGNALS:
    void retryRequested();

private:
    QLabel *text;
};

} // namespace kubestrap
