// libFuzzer harness for the completion word handling: the walk over the words of a
// `__complete` request (HarborCommands/completion/CompletionWords.swift) and pflag's flag rules
// (FlagSet.swift, with HarborCompletion/CompletionCandidate.swift for its candidates), compiled
// without ArgumentParser: the command tree is made up from the input.
//
// Input: the first bytes shape a tree of up to six commands (names, aliases, flags with and
// without values, short letters); the rest are the typed words, each either a byte choosing a
// word from a vocabulary of what users type (subcommand names, `--`, `-`, clusters, `--f=v`) or,
// after a 0xFF byte, raw text up to the next newline.
//
// Properties:
// - Never crashes, on any words.
// - `positionals` never exceeds the number of words.
// - A flag awaited for the word being completed is the one the last word names under the final
//   command's flags.
// - One more plain word (no dash, not a subcommand name there) is one more positional, and the
//   command stays; `--` followed by N words adds N positionals whatever the words are.
// - Words that all name subcommands, each of the one before, lead to the last of them.
// - The candidates for a dash-word all begin with it; a flag found by name has that name.

struct Node: CompletionCommandNode {
    let tree: Tree
    let index: Int
    func subcommand(named word: String) -> Node? {
        tree.commands[index].children.first { tree.commands[$0].name == word || tree.commands[$0].alias == word }
            .map { Node(tree: tree, index: $0) }
    }
    func flags() -> FlagSet { tree.commands[index].flags }
}

final class Tree {
    struct Command {
        var name: String
        var alias: String?
        var children: [Int] = []
        var flags = FlagSet(flags: [])
    }
    var commands: [Command] = []
}

let names = ["pull", "push", "tags", "ls", "login", "use", "harbor", "--", "-", "a", "", "pull "]
let longs = ["format", "timeout", "debug", "f", "all-tags", "q", "password-stdin", ""]
let letters = ["f", "q", "a", "t", "D", "-", "", "ab"]
let vocabulary = [
    "pull", "push", "tags", "ls", "login", "use", "harbor", "--", "-", "-q", "-f", "-qf", "-fq", "-ab", "-D",
    "--format", "--format=json", "--timeout", "--debug", "--all-tags", "--=", "--f", "---", "a", "", "pull ", "é", "-é",
]

func build(_ bytes: [UInt8], _ cursor: inout Int) -> Tree {
    let tree = Tree()
    func next() -> Int {
        defer { cursor += 1 }
        return cursor < bytes.count ? Int(bytes[cursor]) : 0
    }
    let count = 1 + next() % 6
    for position in 0..<count {
        var command = Tree.Command(name: position == 0 ? "root" : names[next() % names.count])
        if next() % 3 == 0 { command.alias = names[next() % names.count] }
        for _ in 0..<(next() % 4) {
            let shape = next()
            command.flags.flags.append(FlagSet.Flag(
                long: longs[shape % longs.count], short: shape & 8 == 0 ? letters[(shape >> 4) % letters.count] : nil,
                takesValue: shape & 0x80 != 0, help: "help"))
        }
        tree.commands.append(command)
        if position > 0 { tree.commands[next() % position].children.append(position) }
    }
    return tree
}

func words(_ bytes: [UInt8], from start: Int) -> [String] {
    var result: [String] = []
    var index = start
    while index < bytes.count, result.count < 64 {
        if bytes[index] == 0xFF {
            let rest = bytes[(index + 1)...]
            let end = rest.firstIndex(of: 0x0A) ?? bytes.count
            result.append(String(decoding: bytes[(index + 1)..<end], as: UTF8.self))
            index = end + 1
        } else {
            result.append(vocabulary[Int(bytes[index]) % vocabulary.count])
            index += 1
        }
    }
    return result
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var cursor = 0
    let tree = build(bytes, &cursor)
    let root = Node(tree: tree, index: 0)
    let typed = words(bytes, from: cursor)
    let position = CompletionWords.locate(typed, root: root)
    require(position.positionals <= typed.count, "\(position.positionals) positionals from \(typed.count) words")

    if let flag = position.awaitingValue {
        require(position.command.flags().flagTakingNextWord(typed.last!) == flag, "awaiting \(flag.long) after \(typed)")
    }

    if position.awaitingValue == nil {
        let plain = "zz\(typed.count)"
        let more = CompletionWords.locate(typed + [plain], root: root)
        require(more.positionals == position.positionals + 1 && more.command.index == position.command.index,
                "a plain word after \(typed) gives \(more.positionals) positionals at command \(more.command.index)")
        let tail = Array(typed.prefix(3))
        let terminated = CompletionWords.locate(typed + ["--"], root: root)
        let ended = CompletionWords.locate(typed + ["--"] + tail, root: root)
        require(ended.positionals == terminated.positionals + tail.count && ended.awaitingValue == nil && ended.command.index == terminated.command.index,
                "\(tail) after \(typed) and -- gives \(ended.positionals) positionals, not \(terminated.positionals) + \(tail.count)")
    }

    // A path of subcommand names from the root leads to its end.
    var path: [String] = []
    var at = 0
    while let child = tree.commands[at].children.first, path.count < 6 {
        path.append(tree.commands[child].name)
        at = child
    }
    let walked = CompletionWords.locate(path, root: root)
    let reached = walked.command.index
    var expected = 0
    for name in path {
        guard let child = tree.commands[expected].children.first(where: { tree.commands[$0].name == name || tree.commands[$0].alias == name }) else { break }
        expected = child
    }
    if !path.contains(where: { $0.hasPrefix("-") }) {
        require(reached == expected, "the path \(path) reaches command \(reached), expected \(expected)")
    }

    // pflag's names: candidates begin with the word; a flag found by its name has it.
    let flags = position.command.flags()
    for word in typed where word.hasPrefix("-") {
        for candidate in flags.candidates(word) {
            require(candidate.value.hasPrefix(word), "candidate \(candidate.value) for \(word)")
        }
        if let flag = flags.flag(named: word) {
            let name = word.hasPrefix("--") ? String(word.dropFirst(2).prefix { $0 != "=" }) : String(word.dropFirst())
            require(flag.long == name || flag.short == name, "\(word) found \(flag.long)")
        }
    }
    return 0
}

/// `precondition` that keeps its message in an -O build (the fuzzers are built with -O).
func require(_ condition: Bool, _ message: @autoclosure () -> String = "", file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
