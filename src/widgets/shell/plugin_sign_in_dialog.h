#pragma once

#include <QDialog>
#include <QPointer>

class QLabel;
class QTextBrowser;

namespace kubestrap {

class ExecCredentialProvider;

// Shown while a context's exec credential plugin (kubelogin, aws sso, gke-gcloud-auth-plugin)
// takes longer than a moment: it is most likely waiting for the user to sign in, and says how
// (a device code, a page to open) on a standard error the GUI would otherwise never show. The
// dialog shows that text live, with its links clickable, and Cancel stops the plugin. It hides
// itself when the plugin ends.
class PluginSignInDialog : public QDialog {
    Q_OBJECT

public:
    explicit PluginSignInDialog(QWidget *parent = nullptr);

    // Follows `plugin` (the active context's, or none) from now on.
    void follow(ExecCredentialProvider *plugin, const QString &context);

    // The plugin's words as shown.
    QString shownText() const;

private:
    void showSaid(const QString &text);

    QPointer<ExecCredentialProvider> plugin;
    QLabel *explanation;
    QTextBrowser *said;
};

} // namespace kubestrap
