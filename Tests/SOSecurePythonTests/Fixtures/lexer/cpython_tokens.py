"""Print CPython's tokens for each file named on the command line, for SOSecure's differential lexer test.

The first output line is "version <TAB> MAJOR.MINOR". Then one line per file:  path <TAB> status <TAB> tokens
status is "ok", or "skip:<reason>" when CPython itself rejects the file.
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


def describe(path):
    try:
        with tokenize.open(path) as handle:
            lines = handle.readlines()
        with open(path, "rb") as handle:
            source = handle.read()
        compile(source, path, "exec", dont_inherit=True)
        with open(path, "rb") as handle:
            tokens = list(tokenize.tokenize(handle.readline))
    except (SyntaxError, ValueError, UnicodeDecodeError, tokenize.TokenError) as error:
        return "skip:" + type(error).__name__, []
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
    sys.stdout.write("version\t%d.%d\n" % sys.version_info[:2])
    for path in sys.argv[1:]:
        status, tokens = describe(path)
        sys.stdout.write("%s\t%s\t%s\n" % (path, status, ";".join(tokens)))


if __name__ == "__main__":
    main()
