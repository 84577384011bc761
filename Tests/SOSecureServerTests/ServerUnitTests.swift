import Foundation
import Testing
@testable import SOSecureServer

@Suite("sosecure serve: metrics text, error bodies, request decoding")
struct ServerUnitTests {
    @Test("metrics escape label values and render cumulative buckets")
    func metricsText() {
        let metrics = ServerMetrics()
        metrics.record(route: "/v1/scan", method: "POST", status: 200, seconds: 0.004)
        metrics.record(route: "/v1/scan", method: "POST", status: 200, seconds: 0.2)
        metrics.record(route: "/v1/scan", method: "POST", status: 200, seconds: 99)
        metrics.recordFindings(byRule: ["we\"ird\\rule\n": 2])
        let text = metrics.render()
        #expect(text.contains("sosecure_findings_total{rule=\"we\\\"ird\\\\rule\\n\"} 2"))
        #expect(text.contains("sosecure_http_request_duration_seconds_bucket{route=\"/v1/scan\",le=\"0.005\"} 1"))
        #expect(text.contains("sosecure_http_request_duration_seconds_bucket{route=\"/v1/scan\",le=\"0.25\"} 2"))
        #expect(text.contains("sosecure_http_request_duration_seconds_bucket{route=\"/v1/scan\",le=\"30\"} 2"))
        #expect(text.contains("sosecure_http_request_duration_seconds_bucket{route=\"/v1/scan\",le=\"+Inf\"} 3"))
        #expect(text.contains("sosecure_http_requests_total{route=\"/v1/scan\",method=\"POST\",status=\"200\"} 3"))
        #expect(text.hasSuffix("\n"))
        #expect(text == metrics.render())
    }

    @Test("error bodies have exactly the code and message keys, escaped")
    func errorBody() throws {
        let error = ServerError(status: 400, code: "invalid_field", message: "field 'a\"b'\nline")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(error.body.utf8)) as? [String: [String: String]])
        #expect(object == ["error": ["code": "invalid_field", "message": "field 'a\"b'\nline"]])
    }

    @Test("route lookup tolerates a trailing slash and nothing else")
    func routes() {
        #expect(APIRoute(path: "/v1/scan/") == .scan)
        #expect(APIRoute(path: "/v1/kb/search") == .knowledgeSearch)
        #expect(APIRoute(path: "/v1/SCAN") == nil)
        #expect(APIRoute(path: "/") == nil)
    }
}
