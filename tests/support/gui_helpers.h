#pragma once

// Helpers for GUI tests that drive modal dialogs and tables. Header-only: only GUI tests include
// it.

#include <QAbstractItemView>
#include <QApplication>
#include <QTest>
#include <QTimer>

#include <functional>

namespace kubestrap::test {

// Runs `act` on the modal dialog that the next step opens, once it is showing.
template <typename Dialog>
void whenModalOpens(const std::function<void(Dialog *)> &act)
{
    QTimer::singleShot(0, [act] {
        QTRY_VERIFY(qobject_cast<Dialog *>(QApplication::activeModalWidget()));
        act(qobject_cast<Dialog *>(QApplication::activeModalWidget()));
    });
}

// The row of `view` whose `column` reads `text`, or -1.
inline int rowOf(const QAbstractItemView *view, const QString &text, int column = 0)
{
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        if (view->model()->index(row, column).data().toString() == text)
            return row;
    }
    return -1;
}

} // namespace kubestrap::test
