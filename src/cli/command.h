#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <optional>
#include <vector>

class QCommandLineOption;
class QCommandLineParser;

namespace kubestrap::cli {

// Exit codes shared by every command, so scripts can tell a typo from a refused operation.
enum ExitCode { Success = 0, Failure = 1, UsageError = 2 };

// kubectl's global flags, given before the command or among its own options.
struct GlobalOptions {
    QString kubeconfig;     // --kubeconfig: replaces KUBECONFIG and ~/.kube/config
    QString context;        // --context: the context to use instead of current-context
    QString requestTimeout; // --request-timeout: "30s", "1m", plain seconds; 0 for none
};

// Where a command writes (standard output for results, standard error for everything else) and
// the global options it runs with.
struct Io {
    QTextStream &out;
    QTextStream &err;
    GlobalOptions globals = {};
};

// A node of the command tree: a leaf runs, a group ("kubeconfig", "token") only dispatches to its
// children. `args` starts with the command's full name ("kubestrap-cli token create") so a leaf's
// own QCommandLineParser prints the right usage line.
struct Command {
    QString name;
    QString summary;
    std::function<int(const QStringList &args, Io &io)> run; // empty for a group
    std::vector<Command> children;

    // Runs the command or the child named by the first positional argument; prints a group's
    // help for --help, no argument, or an unknown child.
    int dispatch(const QStringList &args, Io &io) const;
    QString helpText(const QString &fullName) const;
};

// Moves the global options that stand before the next command name (`--kubeconfig F`,
// `--context=C`) from `args` (from index 1 on) into `globals`; returns what is wrong, if anything.
QString takeGlobalOptions(QStringList &args, GlobalOptions &globals);

// Adds --help, --kubeconfig and --context to a leaf command's parser and parses `args`; the global
// options found are stored in `io.globals`. Returns the exit code when the command
// should stop here (help printed, or a usage error explained), nothing when it should go on.
// `positionalNames` are the positional arguments the command takes, in order (all required).
std::optional<int> parseArguments(QCommandLineParser &parser, const QStringList &args, Io &io,
                                  const QStringList &positionalNames = {});

// -o/--output, listing the formats a command knows; the first is the default when `firstIsDefault`
// (otherwise no -o means the command's own text).
QCommandLineOption outputOption(const QStringList &formats, bool firstIsDefault = false);

// Whether -o's value is one the command knows (no value counts when there is no default);
// otherwise says so on standard error, naming the known ones, and the command exits UsageError.
bool knownOutputFormat(const QString &format, const QStringList &formats, Io &io);

} // namespace kubestrap::cli
