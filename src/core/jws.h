#pragma once

#include "error.h"

#include <QByteArray>
#include <QString>

namespace kubestrap::jws {

// The detached JWS that Kubernetes' BootstrapSigner writes into cluster-info for each signing
// token (RFC 7515 appendix F): protected header {"alg":"HS256","kid":"<token id>"}, HMAC-SHA256
// keyed with the token secret over the kubeconfig, payload left out: "<header>..<signature>".
QString detachedSignature(const QByteArray &content, const QString &tokenId,
                          const QString &tokenSecret);

// Checks a detached signature as a joining node does (constant-time comparison); the error says
// why it does not hold: another algorithm, another key id, bad base64, an attached payload, or
// simply a signature that does not match.
Result<void> verifyDetached(const QByteArray &content, const QString &signature,
                            const QString &tokenId, const QString &tokenSecret);

} // namespace kubestrap::jws
