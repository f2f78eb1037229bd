#pragma once

#include <QString>

#include <type_traits>
#include <utility>
#include <variant>

namespace kubestrap {

// An error as a value: `message` is a sentence the user can act on ("kubeconfig
// /home/ada/.kube/config line 12, column 3: …"); `detail` carries what a bug report needs (an HTTP
// code, an API Status reason, a library's own words) and may be empty.
struct Error {
    QString message;
    QString detail;
};

// The failing side of a Result, as std::unexpected is for std::expected.
struct Unexpected {
    Error error;
};

inline Unexpected unexpected(Error error)
{
    return Unexpected{std::move(error)};
}

inline Unexpected fail(QString message, QString detail = {})
{
    return Unexpected{Error{std::move(message), std::move(detail)}};
}

// A value or the Error that prevented it: std::expected<T, Error>'s interface, written out because
// clang 14, which builds our libFuzzer and sanitizer targets, cannot compile libstdc++'s
// <expected>.
template <typename T>
class [[nodiscard]] Result {
public:
    template <typename U = T>
    requires std::is_constructible_v<T, U &&> &&(!std::is_same_v<std::remove_cvref_t<U>, Result>)&&(
        !std::is_same_v<std::remove_cvref_t<U>, Unexpected>)Result(U &&value)
        : state(std::in_place_index<0>, std::forward<U>(value))
    {
    }
    Result(Unexpected failure) : state(std::in_place_index<1>, std::move(failure.error)) {}

    bool has_value() const { return state.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T &operator*() & { return std::get<0>(state); }
    const T &operator*() const & { return std::get<0>(state); }
    T &&operator*() && { return std::get<0>(std::move(state)); }
    T *operator->() { return &std::get<0>(state); }
    const T *operator->() const { return &std::get<0>(state); }
    T &value() & { return **this; }
    const T &value() const & { return **this; }

    const Error &error() const { return std::get<1>(state); }

private:
    std::variant<T, Error> state;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Unexpected failure) : failure(std::move(failure.error)), failed(true) {}

    bool has_value() const { return !failed; }
    explicit operator bool() const { return !failed; }
    const Error &error() const { return failure; }

private:
    Error failure;
    bool failed = false;
};

} // namespace kubestrap
