#pragma once

// Waiting in tests: for a condition, never for a fixed time. Every wait has the same generous deadline
// (30 s: a sanitizer build on a loaded machine is slow, but never that slow when things work) and says what it
// was waiting for when it gives up. Tests assert behaviour, never how long it took: speed is measured in bench/.

#include <QByteArray>
#include <QString>
#include <QTest>

#include <utility>

namespace hookscope::test {

/** The deadline of every wait for a condition, in milliseconds. */
inline constexpr int kWaitMs = 30'000;

/** What a wait that gave up says. */
inline QByteArray gaveUp(const char* what, int timeoutMs = kWaitMs)
{
    return "gave up after " + QByteArray::number(timeoutMs / 1000) + " s waiting for " + what;
}

/**
 * Processes events until `condition()` holds (true) or the deadline passes (false, after a warning that names
 * `what`). For helpers that return whether they got there; test functions use WAIT_FOR.
 */
template<class Condition> [[nodiscard]] bool waitFor(Condition&& condition, const char* what, int timeoutMs = kWaitMs)
{
    if (QTest::qWaitFor(std::forward<Condition>(condition), timeoutMs))
        return true;
    qWarning("%s", gaveUp(what, timeoutMs).constData());
    return false;
}

} // namespace hookscope::test

/** Fails the test function unless `condition` (an expression) holds within 30 s, saying `what` it waited for. */
#define WAIT_FOR(condition, what)                                                                                      \
    QVERIFY2(QTest::qWaitFor([&]() -> bool { return bool(condition); }, ::hookscope::test::kWaitMs),                   \
        ::hookscope::test::gaveUp(what).constData())
