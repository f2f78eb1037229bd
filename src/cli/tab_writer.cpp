#include "tab_writer.h"

namespace kubestrap::cli {

QString tabulate(const QList<QStringList> &rows, int minWidth, int padding)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        for (qsizetype column = 0; column + 1 < row.size(); ++column) {
            if (widths.size() <= column)
                widths.append(minWidth);
            widths[column] = std::max(widths[column], row.at(column).size() + padding);
        }
    }
    QString out;
    for (const QStringList &row : rows) {
        for (qsizetype column = 0; column < row.size(); ++column)
            out += column + 1 < row.size() ? row.at(column).leftJustified(widths[column])
                                           : row.at(column);
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace kubestrap::cli
