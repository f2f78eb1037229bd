#include "completion_command.h"

#include "kubeconfig_access.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

namespace kubestrap::cli {

namespace {

// Bash splits words at ':' and '=' (COMP_WORDBREAKS), which EKS context names are full of, so
// the script takes the line as the user typed it when bash-completion offers that.
const char kBashScript[] =
    R"(# kubestrap-cli completion for bash: source <(kubestrap-cli completion bash)
_kubestrap_cli() {
    local cur words cword
    if declare -F _get_comp_words_by_ref >/dev/null; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        cur="${COMP_WORDS[COMP_CWORD]}"; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
    fi
    local IFS=$'\n'
    COMPREPLY=($("${words[0]}" __complete "${words[@]:1:cword}" 2>/dev/null))
    if declare -F __ltrim_colon_completions >/dev/null; then
        __ltrim_colon_completions "$cur"
    fi
}
complete -o default -F _kubestrap_cli kubestrap-cli
)";

const char kZshScript[] = R"(#compdef kubestrap-cli
# kubestrap-cli completion for zsh: source <(kubestrap-cli completion zsh), after compinit
_kubestrap_cli() {
    local -a candidates
    candidates=("${(@f)$("${words[1]}" __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ -z "${candidates[1]}" ]]; then
        _files
    else
        compadd -a candidates
    fi
}
compdef _kubestrap_cli kubestrap-cli
)";

int runCompletion(const QStringList &args, Io &io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kubestrap::cli::completion",
        "Print a completion script for bash or zsh. Load it with source <(kubestrap-cli "
        "completion bash), or put that line in ~/.bashrc or ~/.zshrc (after compinit)."));
    if (const auto stop = parseArguments(parser, args, io, {QStringLiteral("shell")}))
        return *stop;
    const QString shell = parser.positionalArguments().first();
    if (shell == QLatin1String("bash"))
        io.out << QString::fromUtf8(kBashScript);
    else if (shell == QLatin1String("zsh"))
        io.out << QString::fromUtf8(kZshScript);
    else {
        io.err << QCoreApplication::translate("kubestrap::cli::completion",
                                              "error: no completion for '%1' (bash, zsh)\n")
                      .arg(shell);
        return UsageError;
    }
    return Success;
}

// One option of a leaf, as its help lists it: "-o, --output <json|wide>".
struct OptionInfo {
    QStringList names; // "-o", "--output"
    QString value;     // the value's name; empty for a switch
};

std::vector<OptionInfo> optionsOf(const Command &leaf, const QString &fullName)
{
    QString help, ignored;
    QTextStream out(&help), err(&ignored);
    Io quiet{out, err};
    leaf.run({fullName, QStringLiteral("--help")}, quiet);
    out.flush();
    // QCommandLineParser's layout, which translation does not change.
    static const QRegularExpression line(
        QStringLiteral("^  ((?:-[\\w-]+, )*-[\\w-]+)(?: <([^>]+)>)?"),
        QRegularExpression::MultilineOption);
    std::vector<OptionInfo> options;
    for (auto it = line.globalMatch(help); it.hasNext();) {
        const auto match = it.next();
        options.push_back({match.captured(1).split(QStringLiteral(", ")), match.captured(2)});
    }
    return options;
}

QStringList contextNames(Io &io)
{
    QString ignored;
    QTextStream err(&ignored);
    Io quiet{io.out, err, io.globals};
    QStringList names;
    if (const auto loaded = loadForCommand(quiet)) {
        for (const auto &[name, context] : loaded->merged.contexts)
            names << name;
    }
    return names;
}

const QStringList &globalValueOptions()
{
    static const QStringList names{QStringLiteral("--kubeconfig"), QStringLiteral("--context"),
                                   QStringLiteral("--request-timeout")};
    return names;
}

// Takes a global option at words[i] into io.globals; how many words it took (0: not one). One
// option at a time, through the parser the commands use (which reads an argv, so the program's
// name comes first): a trailing --context still waiting for its value is then left for the
// completion of context names instead of failing the whole line.
int takeGlobal(const QStringList &words, qsizetype i, Io &io)
{
    QStringList args{QString(), words.at(i)};
    if (globalValueOptions().contains(words.at(i)) && i + 1 < words.size() - 1)
        args << words.at(i + 1);
    else if (!words.at(i).contains(QLatin1Char('=')))
        return 0;
    const qsizetype before = args.size();
    if (!takeGlobalOptions(args, io.globals).isEmpty())
        return 0;
    return int(before - args.size());
}

QStringList candidatesFor(const Command &root, const QStringList &words, Io &io)
{
    const QString current = words.last();
    const Command *node = &root;
    QString fullName = root.name;
    QString previous;
    for (qsizetype i = 0; i < words.size() - 1;) {
        if (const int taken = takeGlobal(words, i, io)) {
            i += taken;
            previous.clear();
            continue;
        }
        const auto child = std::find_if(node->children.begin(), node->children.end(),
                                        [&](const Command &c) { return c.name == words.at(i); });
        if (!node->run && child != node->children.end()) {
            node = &*child;
            fullName += QLatin1Char(' ') + child->name;
        }
        previous = words.at(i++);
    }

    if (previous == QLatin1String("--context"))
        return contextNames(io);
    if (!node->run) {
        if (current.startsWith(QLatin1Char('-')))
            return globalValueOptions() + QStringList{QStringLiteral("--help")};
        QStringList names;
        for (const Command &child : node->children)
            names << child.name;
        return names;
    }
    const auto options = optionsOf(*node, fullName);
    for (const OptionInfo &option : options) {
        if (option.value.isEmpty() || !option.names.contains(previous))
            continue;
        if (previous == QLatin1String("--kubeconfig") || !option.value.contains(QLatin1Char('|')))
            return {}; // a file, or a value only the user knows
        return option.value.split(QLatin1Char('|'));
    }
    if (!current.startsWith(QLatin1Char('-')))
        return {};
    QStringList names;
    for (const OptionInfo &option : options)
        names << option.names.last(); // the long name: it says what the option is
    return names;
}

} // namespace

Command completionCommand()
{
    return {QStringLiteral("completion"),
            QCoreApplication::translate("kubestrap::cli", "Print a bash or zsh completion script"),
            runCompletion,
            {}};
}

int complete(const Command &root, const QStringList &words, Io &io)
{
    const QStringList given = words.isEmpty() ? QStringList{QString()} : words;
    for (const QString &candidate : candidatesFor(root, given, io)) {
        if (candidate.startsWith(given.last()))
            io.out << candidate << QLatin1Char('\n');
    }
    return Success;
}

} // namespace kubestrap::cli
