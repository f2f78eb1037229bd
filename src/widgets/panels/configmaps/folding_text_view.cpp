#include "folding_text_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QTextBlock>

namespace kubestrap {

class FoldingTextView::Margin : public QWidget {
public:
    explicit Margin(FoldingTextView *view) : QWidget(view), view(view)
    {
        setObjectName(QStringLiteral("foldMargin"));
        setCursor(Qt::PointingHandCursor);
    }
    QSize sizeHint() const override { return {view->marginWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { view->paintMargin(event); }
    void mousePressEvent(QMouseEvent *event) override
    {
        view->marginClicked(qRound(event->position().y()));
    }

private:
    FoldingTextView *view;
};

FoldingTextView::FoldingTextView(QWidget *parent) : QPlainTextEdit(parent), margin(new Margin(this))
{
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy != 0)
            margin->scroll(0, dy);
        else
            margin->update(0, rect.y(), margin->width(), rect.height());
    });
    setViewportMargins(marginWidth(), 0, 0, 0);
}

void FoldingTextView::showText(const QString &text, folds::Style style)
{
    setPlainText(text);
    folded.clear();
    foldable = folds::foldsOf(text.split(QLatin1Char('\n')), style);
    margin->update();
}

void FoldingTextView::showText(const QString &text)
{
    setPlainText(text);
    folded.clear();
    foldable.clear();
    margin->update();
}

bool FoldingTextView::toggleFold(int line)
{
    const bool opens = std::any_of(foldable.begin(), foldable.end(),
                                   [line](const folds::Fold &fold) { return fold.opener == line; });
    if (!opens)
        return false;
    if (!folded.remove(line))
        folded.insert(line);
    applyFolds();
    return true;
}

bool FoldingTextView::isLineShown(int line) const
{
    return document()->findBlockByNumber(line).isVisible();
}

void FoldingTextView::applyFolds()
{
    // From scratch each time: every line shown, then every folded fold's lines hidden, so an
    // inner fold stays folded under an outer one that opens again.
    QTextDocument *doc = document();
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next())
        block.setVisible(true);
    for (const folds::Fold &fold : foldable) {
        if (!folded.contains(fold.opener))
            continue;
        for (QTextBlock block = doc->findBlockByNumber(fold.opener + 1);
             block.isValid() && block.blockNumber() <= fold.last; block = block.next())
            block.setVisible(false);
    }
    doc->markContentsDirty(0, doc->characterCount());
    viewport()->update();
    margin->update();
}

int FoldingTextView::marginWidth() const
{
    return fontMetrics().horizontalAdvance(QStringLiteral("▾")) + 8;
}

void FoldingTextView::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect area = contentsRect();
    margin->setGeometry(area.left(), area.top(), marginWidth(), area.height());
}

void FoldingTextView::paintMargin(QPaintEvent *event)
{
    QPainter painter(margin);
    painter.fillRect(event->rect(), palette().window());
    if (foldable.isEmpty())
        return;
    QSet<int> openers;
    for (const folds::Fold &fold : foldable)
        openers.insert(fold.opener);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    for (QTextBlock block = firstVisibleBlock(); block.isValid(); block = block.next()) {
        if (!block.isVisible())
            continue;
        const QRectF box = blockBoundingGeometry(block).translated(contentOffset());
        if (box.top() > event->rect().bottom())
            break;
        if (openers.contains(block.blockNumber()))
            painter.drawText(QRectF(0, box.top(), margin->width(), box.height()), Qt::AlignCenter,
                             folded.contains(block.blockNumber()) ? QStringLiteral("▸")
                                                                  : QStringLiteral("▾"));
    }
}

void FoldingTextView::marginClicked(int y)
{
    for (QTextBlock block = firstVisibleBlock(); block.isValid(); block = block.next()) {
        if (!block.isVisible())
            continue;
        const QRectF box = blockBoundingGeometry(block).translated(contentOffset());
        if (box.top() > y)
            return;
        if (box.bottom() >= y) {
            toggleFold(block.blockNumber());
            return;
        }
    }
}

} // namespace kubestrap
