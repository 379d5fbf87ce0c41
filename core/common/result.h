#pragma once

#include <QString>
#include <tl/expected.hpp>

namespace hookscope {

// Core functions that can fail return Result<T>; the error is a sentence for a person.
template<class T> using Result = tl::expected<T, QString>;

inline tl::unexpected<QString> fail(QString message)
{
    return tl::unexpected<QString>(std::move(message));
}

/** The error of a result, or an empty string when it holds a value (safe in test messages, unlike error()). */
template<class T> QString errorText(const Result<T>& result)
{
    return result ? QString() : result.error();
}

} // namespace hookscope
