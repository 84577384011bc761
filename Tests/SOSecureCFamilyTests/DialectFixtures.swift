import SOSecureCFamily

/// One source per dialect using every form its lexer knows; the coverage tests lex each with every dialect.
enum DialectFixtures {
    static let all: [(Dialect, String)] = [
        (.c, c), (.cpp, cpp), (.java, java), (.javascript, javascript), (.typescript, typescript), (.go, go), (.php, php),
        (.swift, swift),
    ]

    static let c = #"""
    #include <stdio.h>
    #define SQUARE(x) \
        ((x) * (x)) /* spans
                       lines */
    /* block */ // line
    static const char *greeting = L"héllo\n" "world";
    int main(int argc, char **argv) {
        char c = '\'';
        unsigned long n = 0xFFUL + 1'000 + 017 + 1.5e-3f + .5;
        if (argc > 1 && argv[1][0] != '\0') { printf("%s\n", argv[1]); }
        return n >> 2 <= 3 ? 0 : -1;
    }
    """#

    static let cpp = #"""
    #pragma once
    namespace app {
    template <typename T> auto twice(T v) -> decltype(v + v) { return v + v; }
    std::string q = R"sql(SELECT "a" FROM t WHERE x = ')';)sql" + u8R"(raw)" + "lit"s;
    int compare(const A& a, const B& b) { return (a <=> b) < 0; }
    void call(Obj* o) { o->*member; o.*other; std::vector<int> v{1'000, 0b1010}; }
    }
    """#

    static let java = #"""
    package app;
    import java.sql.*;
    @Service
    public final class Repo<T> extends Base implements Api {
        private static final String SQL = """
            SELECT * FROM users WHERE name = '%s' \"""
            """;
        char quote = '\'';
        long big = 0x7fff_ffffL;
        void run(List<String> names) {
            names.forEach(System.out::println);
            int x = -1 >>> 2; x >>>= 1;
            Runnable r = () -> { throw new IllegalStateException("bad \"input\""); };
        }
    }
    """#

    static let javascript = #"""
    #!/usr/bin/env node
    'use strict';
    const re = /[/]+\d{2,}/giu, half = total / 2 / count;
    const html = `<p>${user.name ?? 'anon'}</p>${items.map(i => `<li>${i}</li>`).join('')}`;
    function check(s) { return /^\w+$/.test(s) && s?.length >= 3 || x++ / 2; }
    obj = { a: 1, ...rest }; big = 10_000n; y **= 2; z ??= 0; w >>>= 1; v = a !== b;
    if (ok) /x/.exec(s); // trailing comment
    /* block
       comment */
    """#

    static let typescript = #"""
    interface User { readonly id: number; name?: string }
    export abstract class Store<T extends User> implements Api {
        private items: Map<string, T> = new Map();
        get(id: string): T | undefined { return this.items.get(id) as T; }
        query = (q: string) => `SELECT * FROM t WHERE id = ${q}`;
    }
    enum Color { Red = 1 << 0, Green = 0x2 }
    const ratio = total / count / 2, pattern = /a\/b/;
    """#

    static let go = #"""
    package main

    import (
        "fmt"
        "os/exec"
    )

    func run(name string) error {
        query := `SELECT * FROM t
    WHERE name = '` + name + "'"
        ch := make(chan int, 1)
        ch <- 'x'
        mask := 0xFF &^ 0o17
        cmd := exec.Command("sh", "-c", name)
        fmt.Println(query, <-ch, mask, 1_000, 0x1p-2, 2i, args...)
        return cmd.Run()
    }
    """#

    static let php = #"""
    <!DOCTYPE html>
    <html><body>
    <?php
    # hash comment
    // slash comment ?> <b>back in html</b> <?php
    #[Route('/x')]
    function show($id) {
        $sql = "SELECT * FROM t WHERE id = $id";
        $text = <<<EOT
        Hello {$id}
        EOT;
        $raw = <<<'SQL'
          SELECT 1
          SQL;
        $out = `ls $dir`;
        $o?->m(); Foo::bar(); $a = $b <=> $c; $x .= 'multi
    line';
        ECHO $sql ?? NULL;
    }
    ?>
    <p><?= htmlspecialchars($name) ?></p>
    </body></html>
    """#

    static let swift = ##"""
    import Foundation

    /* outer /* nested */ comment */
    struct Greeter {
        let `default` = 0..<5
        func greet(_ name: String?) -> String {
            let raw = #"C:\path "quoted" \#(name ?? "none")"#
            let block = """
                Hello, \(name.map { "<\($0)>" } ?? "you")!
                \"""
                """
            return "\(raw) \(block)" + (name?.uppercased() ?? "") + String(1_000) + String(0x1F)
        }
    }
    #if DEBUG
    let x = a...b
    #endif
    """##
}
