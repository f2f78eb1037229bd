#pragma once

#include <QByteArray>
#include <QString>

// What a ConfigMap key holds, so that the panel shows it in a viewer fitted to it.
namespace kubestrap::configmaps {

enum class ValueFormat { Text, Yaml, Json, Ini, Pem, Binary };

// From the key's extension first (app.yaml, settings.json, nginx.conf), then from the content:
// PEM blocks, a JSON object or array that parses, "key: value" lines, "[section]" or "key = value"
// lines. `binary` is true for binaryData keys.
ValueFormat formatOf(const QString &key, const QByteArray &value, bool binary);

// What binary bytes are, by their first bytes ("PNG image", "gzip data"); empty when unknown.
QString binaryType(const QByteArray &bytes);

// The format's name as the viewer's summary shows it ("YAML").
QString formatName(ValueFormat format);

} // namespace kubestrap::configmaps
