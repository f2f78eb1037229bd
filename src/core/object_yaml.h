#pragma once

#include "error.h"
#include "yaml_value.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace kubestrap {

// An API object as YAML to read or edit, the way `kubectl edit` shows it: keys sorted, status and
// managedFields left out (the server owns them), resourceVersion kept so that a save over someone
// else's change is refused rather than silently undoing it.
QByteArray editableYaml(const QJsonObject &object);

// What a user typed, read back as one API object: a mapping with apiVersion, kind and
// metadata.name. Errors name the line and column.
Result<QJsonObject> objectFromYaml(const QByteArray &yaml);

// A YAML node in JSON's data model, as sigs.k8s.io/yaml hands it to the API server.
QJsonValue jsonFromYaml(const YamlValue &value);

} // namespace kubestrap
