#include "configmap_value_view.h"

#include "folding_text_view.h"
#include "x509.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QVBoxLayout>

namespace kubestrap {

using configmaps::ValueFormat;

namespace {

// Past this much text the viewer shows the start only: laying out more in one go stalls the
// window, and nobody reads a megabyte on screen.
constexpr qsizetype kShownText = 256 * 1024;
// Binary values are shown as hex up to here: enough to tell their type by their first bytes.
constexpr qsizetype kShownHex = 4096;

// `bytes` as `xxd` shows them: offset, sixteen bytes in hex, the printable ones as text.
QString hexDump(const QByteArray &bytes)
{
    QString dump;
    for (qsizetype offset = 0; offset < bytes.size(); offset += 16) {
        const QByteArray line = bytes.mid(offset, 16);
        QString printable;
        for (const char c : line)
            printable += (c >= 0x20 && c < 0x7f) ? QChar::fromLatin1(c) : QLatin1Char('.');
        dump += QStringLiteral("%1  %2  %3\n")
                    .arg(offset, 8, 16, QLatin1Char('0'))
                    .arg(QString::fromLatin1(line.toHex(' ')), -47)
                    .arg(printable);
    }
    return dump;
}

QString describeCertificates(const QByteArray &pem)
{
    QStringList described;
    for (const QByteArray &certificate : x509::certificatesIn(pem)) {
        const auto info = x509::inspect(certificate);
        if (!info)
            continue;
        const auto pin = x509::publicKeyPin(certificate);
        described
            << QCoreApplication::translate(
                   "kubestrap::ConfigMapValueView",
                   "<b>%1</b> issued by %2 · %3 · %4 · valid %5 to %6<br>pin %7")
                   .arg(info->commonName.toHtmlEscaped(), info->issuerCommonName.toHtmlEscaped(),
                        info->certificateAuthority
                            ? QCoreApplication::translate("kubestrap::ConfigMapValueView", "a CA")
                            : QCoreApplication::translate("kubestrap::ConfigMapValueView",
                                                          "not a CA"),
                        info->keyType,
                        QLocale().toString(info->notBefore.toLocalTime(), QLocale::ShortFormat),
                        QLocale().toString(info->notAfter.toLocalTime(), QLocale::ShortFormat),
                        pin ? *pin : QString());
    }
    return described.join(QStringLiteral("<br><br>"));
}

} // namespace

// Keys, strings, numbers, sections and comments of YAML, JSON and INI-style text, in the colours
// of the palette's link and placeholder roles so that both light and dark themes read well.
class ValueHighlighter : public QSyntaxHighlighter {
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

    // Takes effect as the next text is set, which highlights it once.
    void choose(ValueFormat shown) { format = shown; }

protected:
    void highlightBlock(const QString &line) override
    {
        static const QRegularExpression yamlKey(
            QStringLiteral("^\\s*(- )?([^\\s:#][^:#]*):(\\s|$)"));
        static const QRegularExpression jsonKey(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\"\\s*:"));
        static const QRegularExpression iniKey(QStringLiteral("^\\s*([\\w.\\-]+)\\s*="));
        static const QRegularExpression section(QStringLiteral("^\\s*\\[.*\\]\\s*$"));
        static const QRegularExpression comment(QStringLiteral("(^|\\s)#.*$"));
        QTextCharFormat key;
        key.setForeground(QColor(0x1a, 0x5f, 0xb4));
        QTextCharFormat muted;
        muted.setForeground(QColor(0x77, 0x76, 0x7b));
        QTextCharFormat heading;
        heading.setFontWeight(QFont::Bold);
        switch (format) {
        case ValueFormat::Yaml:
            if (const auto match = yamlKey.match(line); match.hasMatch())
                QSyntaxHighlighter::setFormat(match.capturedStart(2), match.capturedLength(2), key);
            if (const auto match = comment.match(line); match.hasMatch())
                QSyntaxHighlighter::setFormat(match.capturedStart(), match.capturedLength(), muted);
            break;
        case ValueFormat::Json:
            for (auto it = jsonKey.globalMatch(line); it.hasNext();) {
                const auto match = it.next();
                QSyntaxHighlighter::setFormat(match.capturedStart(), match.capturedLength() - 1,
                                              key);
            }
            break;
        case ValueFormat::Ini:
            if (section.match(line).hasMatch())
                QSyntaxHighlighter::setFormat(0, line.size(), heading);
            else if (const auto match = iniKey.match(line); match.hasMatch())
                QSyntaxHighlighter::setFormat(match.capturedStart(1), match.capturedLength(1), key);
            if (line.trimmed().startsWith(QLatin1Char('#'))
                || line.trimmed().startsWith(QLatin1Char(';')))
                QSyntaxHighlighter::setFormat(0, line.size(), muted);
            break;
        default:
            break;
        }
    }

private:
    ValueFormat format = ValueFormat::Text;
};

ConfigMapValueView::ConfigMapValueView(QWidget *parent)
    : QWidget(parent), summary(new QLabel(this)), certificates(new QLabel(this)),
      text(new FoldingTextView(this)), highlighter(new ValueHighlighter(text->document()))
{
    summary->setObjectName(QStringLiteral("valueSummary"));
    summary->setWordWrap(true);
    certificates->setObjectName(QStringLiteral("certificates"));
    certificates->setWordWrap(true);
    certificates->setTextInteractionFlags(Qt::TextSelectableByMouse);
    certificates->hide();
    text->setObjectName(QStringLiteral("value"));
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(summary);
    layout->addWidget(certificates);
    layout->addWidget(text, 1);
}

ConfigMapValueView::~ConfigMapValueView() = default;

void ConfigMapValueView::showMessage(const QString &message)
{
    shownFormat = ValueFormat::Text;
    summary->clear();
    certificates->hide();
    highlighter->choose(ValueFormat::Text);
    text->showText(message);
}

void ConfigMapValueView::showValue(const QString &key, const QByteArray &value, bool binary)
{
    shownFormat = configmaps::formatOf(key, value, binary);
    const QString size = QLocale().formattedDataSize(value.size());
    QString described = configmaps::formatName(shownFormat);
    QString shown;
    certificates->setVisible(shownFormat == ValueFormat::Pem);
    if (shownFormat == ValueFormat::Binary) {
        if (const QString type = configmaps::binaryType(value); !type.isEmpty())
            described += QStringLiteral(" (%1)").arg(type);
        shown = hexDump(value.left(kShownHex));
        if (value.size() > kShownHex)
            described += QStringLiteral(" · ") + tr("the first %1 bytes shown").arg(kShownHex);
    } else {
        shown = QString::fromUtf8(value);
        if (shownFormat == ValueFormat::Json && !value.trimmed().contains('\n'))
            shown =
                QString::fromUtf8(QJsonDocument::fromJson(value).toJson(QJsonDocument::Indented));
        if (shownFormat == ValueFormat::Pem) {
            const QString read = describeCertificates(value);
            certificates->setText(read.isEmpty() ? tr("No certificate in it could be read.")
                                                 : read);
        }
        if (shown.size() > kShownText) {
            shown.truncate(kShownText);
            described += QStringLiteral(" · ")
                         + tr("the first %1 shown").arg(QLocale().formattedDataSize(kShownText));
        }
    }
    summary->setText(QStringLiteral("%1 · %2").arg(described, size));
    // Highlighting runs over every line as the text is set; a long text is left plain.
    highlighter->choose(shown.size() > kShownText / 2 ? ValueFormat::Text : shownFormat);
    switch (shownFormat) {
    case ValueFormat::Yaml:
        return text->showText(shown, folds::Style::YamlIndentation);
    case ValueFormat::Json:
        return text->showText(shown, folds::Style::Indentation);
    case ValueFormat::Ini:
        return text->showText(shown, folds::Style::Sections);
    default:
        return text->showText(shown);
    }
}

} // namespace kubestrap
