#include "isolated_settings.h"

#include <QCoreApplication>
#include <QSettings>

namespace kubestrap::test {

IsolatedSettings::IsolatedSettings()
{
    QCoreApplication::setOrganizationName(QStringLiteral("KubestrapTests"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
}

} // namespace kubestrap::test
