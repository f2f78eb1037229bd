#pragma once

#include "configmap_value.h"

#include <QWidget>

class QLabel;

namespace kubestrap {

class FoldingTextView;
class ValueHighlighter;

// One ConfigMap value in a viewer fitted to it: YAML, JSON (indented when it came on one line)
// and INI-style text highlighted and folded by their structure; PEM read as certificates (subject,
// issuer, validity, pin), as Cluster info shows its CA; binary data as its type, size and a hex
// dump. A value too large to lay out at once is shown in part, saying so, so that the window never
// freezes.
class ConfigMapValueView : public QWidget {
    Q_OBJECT

public:
    explicit ConfigMapValueView(QWidget *parent = nullptr);
    ~ConfigMapValueView() override;

    void showValue(const QString &key, const QByteArray &value, bool binary);
    // A line in place of a value: "This ConfigMap holds no keys."
    void showMessage(const QString &message);

    configmaps::ValueFormat format() const { return shownFormat; }

private:
    QLabel *summary;
    QLabel *certificates;
    FoldingTextView *text;
    ValueHighlighter *highlighter;
    configmaps::ValueFormat shownFormat = configmaps::ValueFormat::Text;
};

} // namespace kubestrap
