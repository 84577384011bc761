import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal Stack Exchange API 2.3 client: GET with `site`/`key`, the common response
/// wrapper, `backoff` honoured before the next request, quota tracked, errors explained.
final class StackExchangeClient: @unchecked Sendable {
    struct Wrapper<Item: Decodable>: Decodable {
        var items: [Item]?
        var has_more: Bool?
        var quota_remaining: Int?
        var quota_max: Int?
        var backoff: Int?
        var error_id: Int?
        var error_name: String?
        var error_message: String?
    }

    struct Answer: Decodable {
        var answer_id: Int
        var question_id: Int
        var score: Int?
        var is_accepted: Bool?
        var creation_date: Int?
        var body: String?
    }

    struct Comment: Decodable {
        var comment_id: Int
        var post_id: Int
        var score: Int?
        var creation_date: Int?
        var body: String?
    }

    struct Question: Decodable {
        var question_id: Int
        var title: String?
        var tags: [String]?
        var accepted_answer_id: Int?
        var score: Int?
        var creation_date: Int?
        var body: String?
    }

    let base: URL
    let site: String
    let key: String?
    let session: URLSession
    let sleep: @Sendable (Double) async -> Void
    // Mutated only by the sync task that owns the client, one request at a time.
    private(set) var requests = 0
    private(set) var quotaRemaining: Int?
    private(set) var backoffWaits: [Int] = []
    private var pendingBackoff = 0

    init(base: URL, site: String, key: String?, sleep: @escaping @Sendable (Double) async -> Void) {
        self.base = base
        self.site = site
        self.key = key
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        self.session = URLSession(configuration: configuration)
        self.sleep = sleep
    }

    /// Fetches every page of `path` (100 per page) until `has_more` is false or `maxPages` is reached.
    func all<Item: Decodable>(_ path: String, _ parameters: [String: String], maxPages: Int = 1_000) async throws -> (items: [Item], complete: Bool) {
        var items: [Item] = []
        var page = 1
        while page <= maxPages {
            var query = parameters
            query["page"] = String(page)
            query["pagesize"] = "100"
            let wrapper: Wrapper<Item> = try await get(path, query)
            items.append(contentsOf: wrapper.items ?? [])
            if wrapper.has_more != true { return (items, true) }
            if quotaRemaining == 0 { return (items, false) }
            page += 1
        }
        return (items, false)
    }

    func get<Item: Decodable>(_ path: String, _ parameters: [String: String]) async throws -> Wrapper<Item> {
        if pendingBackoff > 0 {
            backoffWaits.append(pendingBackoff)
            await sleep(Double(pendingBackoff))
            pendingBackoff = 0
        }
        if quotaRemaining == 0 {
            throw KnowledgeError.api("the daily request quota is used up; try again tomorrow or pass --key")
        }
        guard var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false) else {
            throw KnowledgeError.api("invalid API base URL \(base)")
        }
        var query = parameters
        query["site"] = site
        if let key { query["key"] = key }
        components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        guard let url = components.url else { throw KnowledgeError.api("cannot build a request URL for \(path)") }
        var request = URLRequest(url: url)
        request.setValue("gzip", forHTTPHeaderField: "Accept-Encoding")
        requests += 1
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw KnowledgeError.api("cannot reach \(url.host ?? base.absoluteString): \(error.localizedDescription)")
        }
        let body = try StackExchangeClient.decompressIfNeeded(data)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let wrapper: Wrapper<Item>
        do {
            wrapper = try JSONDecoder().decode(Wrapper<Item>.self, from: body)
        } catch {
            throw KnowledgeError.api("\(path): HTTP \(status), response is not the API's JSON shape (\(error))")
        }
        if let id = wrapper.error_id {
            throw KnowledgeError.api("\(path): error \(id) \(wrapper.error_name ?? ""): \(wrapper.error_message ?? "no message")")
        }
        guard (200..<300).contains(status) else { throw KnowledgeError.api("\(path): HTTP \(status)") }
        if let remaining = wrapper.quota_remaining { quotaRemaining = remaining }
        if let backoff = wrapper.backoff, backoff > 0 { pendingBackoff = min(backoff, 600) }
        return wrapper
    }

    /// The API always compresses; some URLSession builds hand the bytes over still gzipped.
    static func decompressIfNeeded(_ data: Data) throws -> Data {
        guard data.count >= 2, data[data.startIndex] == 0x1f, data[data.startIndex + 1] == 0x8b else { return data }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let writer = input.fileHandleForWriting
        let payload = data
        let thread = Thread { writer.write(payload); try? writer.close() }
        thread.start()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw KnowledgeError.api("could not decompress a gzip response") }
        return result
    }
}
