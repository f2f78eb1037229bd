#pragma once

#include <QString>

#include <expected>

namespace kubestrap {

// An error as a value: `message` is a sentence the user can act on ("kubeconfig
// /home/ada/.kube/config line 12, column 3: …"); `detail` carries what a bug report needs (an HTTP
// code, an API Status reason, a library's own words) and may be empty.
struct Error {
    QString message;
    QString detail;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(QString message, QString detail = {})
{
    return std::unexpected<Error>(Error{std::move(message), std::move(detail)});
}

} // namespace kubestrap
