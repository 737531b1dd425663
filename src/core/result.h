#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace gpufailover {

struct Error
{
    QString code; // stable, machine-readable ("disk_full", "auth_error", ...)
    QString message; // for people; never contains a secret
    int httpStatus = 0; // when the error came from an HTTP answer
};

// The value of an operation that can fail, or why it failed. (std::expected is C++23.)
template <typename T> class Result
{
public:
    Result(T value)
        : m_v(std::move(value))
    { }
    Result(Error error)
        : m_v(std::move(error))
    { }

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_v); }
    T &value() & { return std::get<T>(m_v); }
    T &&value() && { return std::get<T>(std::move(m_v)); }
    const T *operator->() const { return &std::get<T>(m_v); }
    const T &operator*() const & { return value(); }
    const Error &error() const { return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

struct Unit
{
};
using Status = Result<Unit>;
inline Status okStatus()
{
    return Unit {};
}

} // namespace gpufailover
