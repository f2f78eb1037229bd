#pragma once

#include "text_folds.h"

#include <QPlainTextEdit>
#include <QSet>

namespace kubestrap {

// A read-only text with a margin of fold markers, as code editors have: a click on ▾ folds the
// lines under it away, on ▸ shows them again. Folds nest; unfolding an outer one leaves the inner
// ones as they were.
class FoldingTextView : public QPlainTextEdit {
    Q_OBJECT

public:
    explicit FoldingTextView(QWidget *parent = nullptr);

    // The text and where it folds; everything starts unfolded.
    void showText(const QString &text, folds::Style style);
    void showText(const QString &text); // no folds

    QList<folds::Fold> folds() const { return foldable; }
    // Folds or unfolds the lines under `line`; false when no fold opens there.
    bool toggleFold(int line);
    bool isFolded(int line) const { return folded.contains(line); }
    // Whether `line` is shown (not folded away).
    bool isLineShown(int line) const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    class Margin;
    friend class Margin;

    void applyFolds();
    int marginWidth() const;
    void paintMargin(QPaintEvent *event);
    void marginClicked(int y);

    QWidget *margin;
    QList<folds::Fold> foldable;
    QSet<int> folded;
};

} // namespace kubestrap
