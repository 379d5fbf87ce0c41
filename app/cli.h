#pragma once

#include <QByteArrayView>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <functional>

class QObject;

namespace hookscope::store {
struct EventRow;
}

namespace hookscope::cli {

/** Exit codes of the command-line contract. */
enum Exit { Ok = 0, No = 1, BadUsage = 2 };

using CommandFunction = int (*)(const QStringList& arguments);

struct Command {
    const char* name;
    const char* summary;
    CommandFunction run;
};

/** Registers a subcommand at static-initialization time; see HOOKSCOPE_COMMAND. */
struct Registrar {
    Registrar(const char* name, const char* summary, CommandFunction run);
};
QList<Command>& commands();

#define HOOKSCOPE_COMMAND(id, name, summary, function)                                                                 \
    static const ::hookscope::cli::Registrar s_register_##id(name, summary, function)

/**
 * Sets up a parser for a subcommand with --db, --help and --version, processes the arguments and
 * handles --help/--version itself. Returns false (and sets `exit`) when the caller must return.
 */
bool parseArguments(QCommandLineParser& parser, const QStringList& arguments, const QString& description,
    const QString& examples, int& exit);

/** The store path: --db, else the per-user data directory. */
QString databasePath(const QCommandLineParser& parser);
/** The per-user data directory, created on demand. */
QString dataDirectory();

/**
 * Runs `action` on the main thread when SIGINT or SIGTERM arrives (through a self-pipe: the signal handler only
 * writes a byte). `context` owns the notifier; the handlers stay installed for the life of the process.
 */
void onTerminationSignal(QObject* context, std::function<void()> action);

/** The statuses `--status` takes (list, wait). */
const QStringList& eventStatuses();
/** Prints events as `list` does: a table, or with `json` one JSON array of EventRow::toJson() objects. */
void printEvents(const QList<store::EventRow>& rows, bool json);

/**
 * `hookscope` without a subcommand: replaces this process (execv, same argv and environment) with the window
 * program, hookscope-window, found beside this binary or in its installed libexec folder. Returns only when
 * it cannot (the exit status to return).
 */
int openWindow(char** argv);
/** The window program's main (gui.cpp): the window with its listener, or a hint when there is no display. */
int runGui(int argc, char** argv);
/**
 * `utf8` with every character a terminal would act on (C0 controls but tab and line feed, DEL, the C1 controls;
 * CR before LF is dropped) written as its JSON escape `\u00XX`. printOut and printErr write everything through
 * it; what writes exact bytes on purpose (`show --raw`, `--body`, an attachment) does not use them.
 */
QByteArray terminalSafe(QByteArrayView utf8);
/** Human text or JSON on stdout, through terminalSafe(), ending in a line break. */
void printOut(const QString& text);
void printOut(const QByteArray& text);
/** The same on stderr. */
void printErr(const QString& text);
/** Prints "hookscope <command>: <message>" to stderr and returns `code`. */
int error(const QString& command, const QString& message, int code = BadUsage);

} // namespace hookscope::cli
