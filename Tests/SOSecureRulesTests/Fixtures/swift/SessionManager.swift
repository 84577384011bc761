import CommonCrypto
import CryptoKit
import Foundation
import os
import Vapor
import WebKit

/// Session handling for the companion app and its small Vapor backend (generated).
final class SessionManager: NSObject, URLSessionDelegate {
    // expect: swift-hardcoded-secret
    private let apiKey = "sk_live_51HxQeR2eZvKYlo2C8s9d"
    // ok: swift-hardcoded-secret
    private let apiKeyHeader = "X-Api-Key"
    private let logger = Logger(subsystem: "com.example.app", category: "session")

    func store(token: String) {
        // expect: swift-secret-in-user-defaults
        UserDefaults.standard.set(token, forKey: "authToken")
        // ok: swift-secret-in-user-defaults
        UserDefaults.standard.set(Date(), forKey: "lastLogin")
        // expect: swift-sensitive-data-logged
        logger.info("stored token \(token, privacy: .public)")
        // ok: swift-sensitive-data-logged
        logger.info("stored token of length \(token.count, privacy: .public)")
    }

    func keychainQuery(for token: String) -> [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecValueData as String: Data(token.utf8),
            // expect: swift-keychain-accessible-always
            kSecAttrAccessible as String: kSecAttrAccessibleAlways,
        ]
    }

    func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        guard let trust = challenge.protectionSpace.serverTrust else {
            return completionHandler(.performDefaultHandling, nil)
        }
        // expect: swift-server-trust-accepted-without-evaluation
        completionHandler(.useCredential, URLCredential(trust: trust))
    }

    func makeSession() -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        // expect: swift-tls-minimum-version-too-low
        configuration.tlsMinimumSupportedProtocolVersion = .TLSv11
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    func restoreCache(_ data: Data) throws -> [String: String]? {
        // ok: swift-keyed-unarchiver-insecure-decoding
        let secure = try NSKeyedUnarchiver.unarchivedObject(ofClasses: [NSDictionary.self, NSString.self], from: data)
        // expect: swift-keyed-unarchiver-insecure-decoding
        let legacy = NSKeyedUnarchiver.unarchiveObject(with: data)
        return (secure ?? legacy) as? [String: String]
    }

    func sealNote(_ note: String) throws -> Data {
        // expect: swift-hardcoded-symmetric-key
        let key = SymmetricKey(data: Data("0123456789abcdef0123456789abcdef".utf8))
        // expect: swift-constant-iv-or-nonce
        let nonce = try AES.GCM.Nonce(data: Data(repeating: 0, count: 12))
        // ok: swift-constant-iv-or-nonce
        let fresh = try AES.GCM.seal(Data(note.utf8), using: key)
        return try AES.GCM.seal(Data(note.utf8), using: key, nonce: nonce).combined! + fresh.combined!
    }

    func legacyAlgorithm() -> CCAlgorithm {
        // expect: swift-weak-cipher-commoncrypto
        CCAlgorithm(kCCAlgorithmDES)
    }

    func makeOneTimeCode() -> String {
        // expect: swift-libc-random-for-secret
        let value = random() % 1_000_000
        // ok: swift-libc-random-for-secret
        let secure = Int.random(in: 0..<1_000_000)
        return String(format: "%06d", value ^ secure)
    }

    func makeHelpView() -> WKWebView {
        let configuration = WKWebViewConfiguration()
        // expect: swift-webview-file-access-from-file-urls
        configuration.preferences.setValue(true, forKey: "allowFileAccessFromFileURLs")
        return WKWebView(frame: .zero, configuration: configuration)
    }

    func purge(db: Database, owner: String) throws {
        // expect: swift-grdb-interpolated-sql
        try db.execute(sql: "DELETE FROM session WHERE owner = '\(owner)'")
        // ok: swift-grdb-interpolated-sql
        try db.execute(sql: "DELETE FROM session WHERE owner = ?", arguments: [owner])
    }
}

func routes(_ app: Application) {
    app.get("files", ":name") { req -> Response in
        let name = req.parameters.get("name") ?? ""
        // expect: swift-vapor-file-path-from-request
        return req.fileio.streamFile(at: "/srv/files/" + name)
    }

    app.get("continue") { req -> Response in
        let next = req.query[String.self, at: "next"] ?? "/"
        // ok: swift-vapor-open-redirect
        _ = req.redirect(to: "/home")
        // expect: swift-vapor-open-redirect
        return req.redirect(to: next)
    }

    app.get("unfurl") { req async throws -> ClientResponse in
        let link = req.query[String.self, at: "link"] ?? ""
        // expect: swift-vapor-request-url-fetched
        return try await req.client.get(URI(string: link))
    }
}
