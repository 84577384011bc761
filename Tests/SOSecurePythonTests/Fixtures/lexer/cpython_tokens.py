"""Print CPython's tokens for each file named on the command line, for SOSecure's differential lexer test.

The first output line is "version <TAB> MAJOR.MINOR". Then one line per file:  path <TAB> status <TAB> tokens
status is "ok", or "skip:<reason>" when CPython itself rejects the file (with --tokenize-only: when its
tokenizer does; otherwise when compile() does).
tokens is ";"-separated "KIND,line,column" with KIND one of
N (name), U (number), S (string), O (operator), L (newline), I (indent), D (dedent),
and from Python 3.12 on FS / FE (f-string start / end; f-string middles are left out because 3.12's tokenize
module splits them at "{{" and reports some of them at shifted positions);
line is 1-based, column is the 0-based UTF-8 byte offset in the line.
Comments, blank-line NL tokens and the encoding/end markers are left out, as the C tokenizer never emits them.
"""
import sys
import tokenize

KINDS = {
    tokenize.NAME: "N",
    tokenize.NUMBER: "U",
    tokenize.STRING: "S",
    tokenize.OP: "O",
    tokenize.NEWLINE: "L",
    tokenize.INDENT: "I",
    tokenize.DEDENT: "D",
}
SKIPPED = {tokenize.NL, tokenize.COMMENT, tokenize.ENCODING, tokenize.ENDMARKER}
if hasattr(tokenize, "FSTRING_START"):
    KINDS[tokenize.FSTRING_START] = "FS"
    KINDS[tokenize.FSTRING_END] = "FE"
    SKIPPED.add(tokenize.FSTRING_MIDDLE)


def byte_column(lines, row, column):
    if 1 <= row <= len(lines):
        return len(lines[row - 1][:column].encode("utf-8", "surrogatepass"))
    return column


def describe(path, tokenize_only):
    try:
        with tokenize.open(path) as handle:
            lines = handle.readlines()
        with open(path, "rb") as handle:
            source = handle.read()
        if not tokenize_only:
            compile(source, path, "exec", dont_inherit=True)
        with open(path, "rb") as handle:
            tokens = list(tokenize.tokenize(handle.readline))
    except (SyntaxError, ValueError, UnicodeDecodeError, LookupError, tokenize.TokenError) as error:
        detail = " ".join(str(error).split())[:120]
        return "skip:%s: %s" % (type(error).__name__, detail), []
    out = []
    for token in tokens:
        if token.type in SKIPPED:
            continue
        kind = KINDS.get(token.type)
        if kind is None:
            return "skip:" + tokenize.tok_name[token.type], []
        row, column = token.start
        if token.type == tokenize.INDENT:
            row, column = token.end
        out.append("%s,%d,%d" % (kind, row, byte_column(lines, row, column)))
    return "ok", out


def main():
    # --tokenize-only: report what the tokenizer accepts even if the parser would reject the file.
    tokenize_only = sys.argv[1:2] == ["--tokenize-only"]
    paths = sys.argv[2:] if tokenize_only else sys.argv[1:]
    sys.stdout.write("version\t%d.%d\n" % sys.version_info[:2])
    for path in paths:
        status, tokens = describe(path, tokenize_only)
        sys.stdout.write("%s\t%s\t%s\n" % (path, status, ";".join(tokens)))


if __name__ == "__main__":
    main()
