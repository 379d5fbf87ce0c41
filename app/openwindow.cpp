// `hookscope` without a subcommand: the window is a program of its own (hookscope-window), so that the command
// line never maps Qt Gui, Widgets or WebEngine. This process becomes the window (execv): the same process id
// (a service manager, a test or a script that signals it reaches the window), argv and environment.

#include "cli.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace hookscope::cli {

/** Where the window program may be, in order: beside this binary (the build tree), then the installed place. */
static std::vector<std::filesystem::path> windowProgramCandidates()
{
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec)
        return {};
    const auto folder = self.parent_path();
    return { folder / "hookscope-window",
        (folder / HOOKSCOPE_WINDOW_FROM_BINDIR / "hookscope-window").lexically_normal() };
}

int openWindow(char** argv)
{
    QStringList looked;
    for (const auto& candidate : windowProgramCandidates()) {
        looked << QString::fromStdString(candidate.string());
        if (::access(candidate.c_str(), X_OK) != 0)
            continue;
        // argv[0] stays what the user typed: Qt names the window's X11 class after it (StartupWMClass=hookscope).
        ::execv(candidate.c_str(), argv);
        printErr(u"hookscope: cannot start the window %1: %2"_s.arg(
            looked.last(), QString::fromLocal8Bit(std::strerror(errno))));
        return No;
    }
    printErr(u"hookscope: the window is not installed (looked for %1).\n"
             u"The commands work without it: run 'hookscope --help' for the list."_s.arg(looked.join(u", "_s)));
    return No;
}

} // namespace hookscope::cli
