import CryptoKit
import Foundation
import SQLite3
import WebKit

final class NotesStore {
    private var db: OpaquePointer?
    private let webView = WKWebView()

    func delete(noteID: String) {
        let sql = "DELETE FROM notes WHERE id = '\(noteID)'"
        // expect: swift-sqlite-interpolated-sql
        sqlite3_exec(db, sql, nil, nil, nil)
        // ok: swift-sqlite-interpolated-sql
        sqlite3_exec(db, "VACUUM", nil, nil, nil)
    }

    func search(_ text: String) -> NSPredicate {
        // expect: swift-predicate-format-interpolation
        let predicate = NSPredicate(format: "body CONTAINS[cd] '\(text)'")
        // ok: swift-predicate-format-interpolation
        let safe = NSPredicate(format: "body CONTAINS[cd] %@", text)
        return predicate.description.isEmpty ? safe : predicate
    }

    func preview(_ note: String) {
        // expect: swift-webview-load-html-string
        webView.loadHTMLString("<html><body>" + note + "</body></html>", baseURL: nil)
    }

    func export(to folder: String) throws {
        let task = Process()
        task.executableURL = URL(fileURLWithPath: "/bin/sh")
        // expect: swift-process-shell-with-dynamic-command
        task.arguments = ["-c", "zip -r \(folder)/notes.zip ~/Notes"]
        try task.run()
    }

    func checksum(_ data: Data) -> String {
        // expect: swift-weak-hash
        let digest = Insecure.MD5.hash(data: data)
        // ok: swift-weak-hash
        let strong = SHA256.hash(data: data)
        return "\(digest)-\(strong)"
    }
}
