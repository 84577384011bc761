import Foundation
import Testing
@testable import SOSecureServer

@Suite("sosecure serve: bearer-token authentication")
struct ServerAuthTests {
    @Test("with a token, requests need it; /healthz does not")
    func token() async throws {
        let server = try await TestServer.start { $0.token = BearerToken("s3cret-token") }
        let scan = jsonBody(["code": Snippets.clean])
        let none = try await server.post("/v1/scan", json: scan)
        #expect(none.status == 401)
        #expect(none.error()?.code == "unauthorized")
        #expect(none.headers.first(name: "www-authenticate") == "Bearer")
        for wrong in ["Bearer s3cret-toke", "Bearer s3cret-token2", "Basic s3cret-token", "s3cret-token", "Bearer "] {
            let reply = try await server.post("/v1/scan", json: scan, headers: [("Content-Type", "application/json"), ("Authorization", wrong)])
            #expect(reply.status == 401, "\(wrong)")
        }
        let right = try await server.post("/v1/scan", json: scan, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer s3cret-token")])
        #expect(right.status == 200)
        let lowercase = try await server.get("/v1/rules", headers: [("Authorization", "bearer s3cret-token")])
        #expect(lowercase.status == 200)
        #expect(try await server.get("/metrics").status == 401)
        #expect(try await server.get("/nowhere").status == 401)
        #expect(try await server.get("/healthz").status == 200)
        try await server.stop()
    }

    @Test("an empty token means no authentication, not a secret everyone knows")
    func emptyToken() {
        #expect(BearerToken("") == nil)
        #expect(BearerToken(nil) == nil)
    }

    @Test("the comparison accepts only the exact token, whatever the lengths")
    func comparison() throws {
        let token = try #require(BearerToken("abc"))
        #expect(token.accepts(authorization: "Bearer abc"))
        #expect(token.accepts(authorization: "BEARER   abc"))
        #expect(!token.accepts(authorization: "Bearer ab"))
        #expect(!token.accepts(authorization: "Bearer abcd"))
        #expect(!token.accepts(authorization: "Bearer abd"))
        #expect(!token.accepts(authorization: nil))
        #expect(BearerToken.constantTimeEqual(Array("x".utf8), Array("x".utf8)))
        #expect(!BearerToken.constantTimeEqual([], Array("x".utf8)))
        #expect(!BearerToken.constantTimeEqual([0], []))
    }
}
