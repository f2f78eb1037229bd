#pragma once

#include <QTemporaryDir>

namespace kubestrap::test {

// Points QSettings at a fresh temporary folder for as long as it lives, so a test never reads or
// writes the settings of the user who runs it.
class IsolatedSettings {
public:
    IsolatedSettings();

    QString path() const { return dir.path(); }

private:
    QTemporaryDir dir;
};

} // namespace kubestrap::test
