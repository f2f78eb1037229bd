#pragma once

#include <QByteArray>

#include <optional>

namespace kubestrap::sandbox {

// The form a client asked an answer in, from its Accept header: the objects themselves, the
// server-side table kubectl prints (`as=Table`), or metadata only (`as=PartialObjectMetadata` for
// one object or a watch's events, `as=PartialObjectMetadataList` for a list), which client-go's
// metadata informers ask for where names and labels are enough.
enum class Shape { Objects, Table, Metadata, MetadataList };

// The first media range of `accept` the sandbox can serve, in the order the client gave them, as
// kube-apiserver negotiates: JSON (any `application/json`, `application/*` or `*/*`), as a
// transform of meta.k8s.io when `as` names one. An empty header asks for the objects, and so does
// one that asks only for encodings the sandbox does not speak (protobuf, YAML); nothing when it
// asks for transforms none of which can be served (406).
std::optional<Shape> negotiateShape(const QByteArray &accept);

} // namespace kubestrap::sandbox
