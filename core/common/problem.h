#pragma once

#include "result.h"

namespace hookscope {

/**
 * Why a use case (what a user does: resolve the capture settings, export events…) did not do what was asked: the
 * sentence for a person, and whose fault it was. A command exits 2 for bad input and 1 when the system failed.
 */
struct Problem {
    enum class Kind {
        BadInput, ///< what was asked cannot be done (an unknown scheme, an event that is not there)
        Failed, ///< what was asked could not be done (a file, the store or the secret store failed)
    };
    QString message;
    Kind kind = Kind::BadInput;

    bool isBadInput() const { return kind == Kind::BadInput; }
};

/** What a use case returns: its value, or the Problem. */
template<class T> using UseCaseResult = tl::expected<T, Problem>;

inline tl::unexpected<Problem> badInput(QString message)
{
    return tl::unexpected<Problem>(Problem { std::move(message), Problem::Kind::BadInput });
}

inline tl::unexpected<Problem> failed(QString message)
{
    return tl::unexpected<Problem>(Problem { std::move(message), Problem::Kind::Failed });
}

} // namespace hookscope
