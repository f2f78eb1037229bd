#pragma once

#include <QByteArray>
#include <QString>

namespace kubestrap::test {

// Small file helpers for tests: whole-file read and write, and the permission bits as `ls` shows
// them (0600), which QFile::Permissions does not give directly.
bool writeFile(const QString &path, const QByteArray &bytes);
QByteArray readFile(const QString &path);
unsigned unixMode(const QString &path);
// Copies a folder with everything in it, hidden files included.
bool copyTree(const QString &from, const QString &to);

} // namespace kubestrap::test
