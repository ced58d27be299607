import L2LOptimizees
/// A lexical pass over the spec text before Yams composes it, rejecting inputs that could make
/// composing slow or crash rather than merely fail:
///
/// - texts over ``maximumBytes``;
/// - nesting deeper than ``maximumDepth`` (Yams composes recursively, so `[[[[…` would overflow the stack);
/// - aliases, lists or mappings used as mapping keys (`*a: 1`, `[x]: 1`, `? …`): Yams hashes every
///   key to find duplicates, and a key that is an alias of a "billion laughs" tree would hash
///   billions of nodes. Aliases as *values* stay allowed: Yams shares their storage, and the
///   validator only descends as deep as the schema.
///
/// The scan tracks quotes, comments, flow brackets and block scalars well enough for spec files;
/// anything it misjudges is still handled safely by Yams and the validator.
enum SpecPreflight {
    static let maximumBytes = 256 << 10
    static let maximumDepth = 64

    static func check(_ text: String, fileName: String) -> [SpecIssue] {
        var issues: [SpecIssue] = []
        func report(_ message: String, _ line: Int, _ column: Int) {
            issues.append(SpecIssue(file: fileName, line: line, column: column, keyPath: "", message: message))
        }
        guard text.utf8.count <= maximumBytes else {
            report("the spec is larger than \(maximumBytes / 1024) KiB; spec files are small", 0, 0)
            return issues
        }
        var quote: Unicode.Scalar?
        var flowDepth = 0
        var blockScalarIndent: Int?
        var indents: [Int] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard issues.isEmpty else { break }
            var chars = Array(rawLine.unicodeScalars)
            if chars.last == "\r" { chars.removeLast() }
            let indent = chars.prefix { $0 == " " }.count
            let blank = chars.allSatisfy { $0 == " " || $0 == "\t" }
            if let parent = blockScalarIndent {
                if blank || indent > parent { continue }
                blockScalarIndent = nil
            }
            if quote == nil, flowDepth == 0, !blank, chars[indent] != "#" {
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
                var index = indent, depth = indents.count
                while index < chars.count, chars[index] == "-" || chars[index] == "?",
                    index + 1 == chars.count || chars[index + 1] == " "
                {
                    depth += 1
                    if depth > maximumDepth { break }
                    index += 1
                    while index < chars.count, chars[index] == " " { index += 1 }
                }
                if depth > maximumDepth {
                    report("nested deeper than \(maximumDepth) levels", lineNumber, index + 1)
                    break
                }
            }
            var i = 0
            scan: while i < chars.count {
                let c = chars[i]
                if let open = quote {
                    if open == "'", c == "'" {
                        if i + 1 < chars.count, chars[i + 1] == "'" { i += 2; continue }
                        quote = nil
                    } else if open == "\"" {
                        if c == "\\" { i += 2; continue }
                        if c == "\"" { quote = nil }
                    }
                    i += 1
                    continue
                }
                let previous: Unicode.Scalar? = i > 0 ? chars[i - 1] : nil
                let afterSpace = previous == nil || previous == " " || previous == "\t"
                let tokenStart = afterSpace || previous == "[" || previous == "{" || (flowDepth > 0 && previous == ",")
                let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
                switch c {
                case "#" where afterSpace:
                    break scan
                case "'" where tokenStart, "\"" where tokenStart:
                    quote = c
                case "[" where tokenStart || flowDepth > 0, "{" where tokenStart || flowDepth > 0:
                    flowDepth += 1
                    if flowDepth > maximumDepth {
                        report("nested deeper than \(maximumDepth) levels", lineNumber, i + 1)
                        break scan
                    }
                case "]" where flowDepth > 0, "}" where flowDepth > 0:
                    flowDepth -= 1
                    if isFollowedByKeyColon(chars, from: i + 1) {
                        report("a list or mapping cannot be a mapping key in a spec file", lineNumber, i + 1)
                        break scan
                    }
                case "*" where tokenStart:
                    var end = i + 1
                    while end < chars.count, !" \t,[]{}".unicodeScalars.contains(chars[end]) { end += 1 }
                    if isFollowedByKeyColon(chars, from: end) {
                        report("an alias cannot be a mapping key in a spec file", lineNumber, i + 1)
                        break scan
                    }
                    i = end
                    continue
                case "?" where tokenStart && (next == nil || next == " " || next == "\t"):
                    report("complex mapping keys ('? ') are not supported in spec files", lineNumber, i + 1)
                    break scan
                case "|" where afterSpace && flowDepth == 0, ">" where afterSpace && flowDepth == 0:
                    blockScalarIndent = indent
                    break scan
                default:
                    break
                }
                i += 1
            }
        }
        return issues
    }

    /// Whether spaces then `:` then a space, the line's end or a flow indicator follow `index`.
    private static func isFollowedByKeyColon(_ chars: [Unicode.Scalar], from index: Int) -> Bool {
        var i = index
        while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
        guard i < chars.count, chars[i] == ":" else { return false }
        return i + 1 == chars.count || " \t,]}".unicodeScalars.contains(chars[i + 1])
    }
}
