#include "plugin_sign_in_dialog.h"

#include "exec_credential.h"
#include "heading.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QRegularExpression>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace kubestrap {

PluginSignInDialog::PluginSignInDialog(QWidget *parent)
    : QDialog(parent), explanation(new QLabel(this)), said(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("pluginSignIn"));
    setWindowTitle(tr("Waiting for the credential plugin"));
    auto *heading = new QLabel(tr("Sign in to continue"), this);
    styleAsHeading(heading, 1.3);
    explanation->setWordWrap(true);
    said->setObjectName(QStringLiteral("pluginSaid"));
    said->setOpenExternalLinks(true);
    said->setPlaceholderText(tr("The plugin has said nothing yet."));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::rejected, this, [this] {
        if (plugin)
            plugin->cancel(); // its runEnded hides this dialog
        hide();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(explanation);
    layout->addWidget(said, 1);
    layout->addWidget(buttons);
    resize(560, 300);
}

void PluginSignInDialog::follow(ExecCredentialProvider *next, const QString &context)
{
    if (plugin)
        plugin->disconnect(this);
    plugin = next;
    hide();
    if (!plugin)
        return;
    explanation->setText(tr("Context %1 gets its credential from the plugin %2, which has not "
                            "answered yet. It may be waiting for you to sign in: do what it says "
                            "below. Cancel stops it; the connection then fails until you "
                            "reconnect (F5).")
                             .arg(context, plugin->command()));
    connect(plugin, &ExecCredentialProvider::stillRunning, this, [this] {
        showSaid(plugin->saidSoFar());
        show();
        raise();
    });
    connect(plugin, &ExecCredentialProvider::saidMore, this, &PluginSignInDialog::showSaid);
    connect(plugin, &ExecCredentialProvider::runEnded, this, &QWidget::hide);
    connect(plugin, &QObject::destroyed, this, &QWidget::hide);
}

void PluginSignInDialog::showSaid(const QString &text)
{
    // The plugin's own words, untranslated, with its URLs made links to open in the browser.
    static const QRegularExpression url(QStringLiteral(R"((https?://[^\s<>"']+))"));
    QString html = text.toHtmlEscaped();
    html.replace(url, QStringLiteral(R"(<a href="\1">\1</a>)"));
    said->setHtml(QStringLiteral("<pre style=\"white-space: pre-wrap\">%1</pre>").arg(html));
}

QString PluginSignInDialog::shownText() const
{
    return said->toPlainText();
}

} // namespace kubestrap
